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

describe('loadConfig: the media store', () => {
  const bucket = { MEDIA_STORE: 's3', S3_BUCKET: 'palaute-photos' };

  it('when nothing is set, then photos stay in the local folder', () => {
    expect(loadConfig({ DATA_DIR: '/srv/data' })).toMatchObject({
      mediaStore: 'local',
      mediaDir: '/srv/data/media',
      s3: null,
    });
  });

  it('when MEDIA_STORE=s3 names only a bucket, then Amazon S3 in us-east-1 with the SDK credential chain', () => {
    expect(loadConfig(bucket).s3).toEqual({
      endpoint: null,
      bucket: 'palaute-photos',
      region: 'us-east-1',
      credentials: null,
      forcePathStyle: false,
    });
  });

  it('when an endpoint is given, then path-style addressing is on unless turned off', () => {
    const local = {
      ...bucket,
      S3_ENDPOINT: 'http://127.0.0.1:9000/',
      S3_ACCESS_KEY_ID: 'id',
      S3_SECRET_ACCESS_KEY: 'sec',
    };
    expect(loadConfig({ ...local, S3_REGION: 'eu-north-1' }).s3).toEqual({
      endpoint: 'http://127.0.0.1:9000',
      bucket: 'palaute-photos',
      region: 'eu-north-1',
      credentials: { accessKeyId: 'id', secretAccessKey: 'sec' },
      forcePathStyle: true,
    });
    expect(loadConfig({ ...local, S3_FORCE_PATH_STYLE: 'false' }).s3?.forcePathStyle).toBe(false);
  });

  it.each([
    [{ MEDIA_STORE: 'bucket' }, 'MEDIA_STORE must be one of local, s3, got "bucket"'],
    [
      { MEDIA_STORE: 's3' },
      'S3_BUCKET must be a bucket name (3 to 63 of a-z, 0-9, "." and "-") with MEDIA_STORE=s3, got ""',
    ],
    [{ ...bucket, S3_BUCKET: 'Photos_2025' }, 'S3_BUCKET must be a bucket name'],
    [{ ...bucket, S3_ENDPOINT: 'minio:9000' }, 'S3_ENDPOINT must be a http: or https: URL, got "minio:9000"'],
    [{ ...bucket, S3_REGION: 'EU North' }, 'S3_REGION must be a region name such as eu-north-1, got "EU North"'],
    [{ ...bucket, S3_FORCE_PATH_STYLE: 'yes' }, 'S3_FORCE_PATH_STYLE must be true or false, got "yes"'],
    [
      { ...bucket, S3_ACCESS_KEY_ID: 'id' },
      'S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together, or neither for the AWS credential chain',
    ],
    [{ S3_BUCKET: 'palaute-photos', S3_REGION: 'eu-north-1' }, 'S3_BUCKET, S3_REGION set, but MEDIA_STORE is not s3'],
  ])('when %j, then start-up stops naming the problem', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('when the secret key is refused with the rest, then the message does not repeat it', () => {
    expect(() => loadConfig({ MEDIA_STORE: 's3', S3_SECRET_ACCESS_KEY: 'very-secret-value' })).toThrow(
      /^(?![\s\S]*very-secret-value)/,
    );
  });
});
