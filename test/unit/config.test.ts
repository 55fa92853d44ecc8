import { loadConfig } from '../../src/config';

describe('loadConfig', () => {
  it('when nothing is set, then the embedded defaults apply and example data loads', () => {
    expect(loadConfig({})).toMatchObject({
      port: 8080,
      databaseUrl: null,
      dataDir: './data',
      loadExampleData: true,
      descriptionMinLength: 10,
      descriptionMaxLength: 5000,
    });
  });

  it('when DATABASE_URL is set, then example data is off unless asked for', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db' }).loadExampleData).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db', LOAD_EXAMPLE_DATA: 'true' }).loadExampleData).toBe(true);
  });

  it('when several values are bad, then one error names each variable', () => {
    expect(() =>
      loadConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        LOG_LEVEL: 'loud',
        DESCRIPTION_MIN_LENGTH: '50',
        DESCRIPTION_MAX_LENGTH: '20',
      }),
    ).toThrow(
      /PORT must be a whole number[\s\S]*DATABASE_URL must be a postgres: or postgresql: URL[\s\S]*DESCRIPTION_MIN_LENGTH must not exceed[\s\S]*LOG_LEVEL must be one of/,
    );
  });

  it('when read, then the config is frozen', () => {
    expect(Object.isFrozen(loadConfig({}))).toBe(true);
  });
});
