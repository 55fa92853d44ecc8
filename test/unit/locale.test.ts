import { resolveLocale } from '../../src/domain/locale';

describe('resolveLocale', () => {
  it.each([
    ['sv_FI', '', 'sv'],
    ['EN', '', 'en'],
    ['de', 'sv', 'fi'],
    [undefined, 'en-GB,en;q=0.9', 'en'],
    [undefined, 'de;q=1, sv;q=0.5', 'sv'],
    [undefined, 'sv;q=0, en;q=0.1', 'en'],
    [undefined, '', 'fi'],
    [undefined, '*', 'fi'],
  ])('when locale is %s and Accept-Language %s, then %s', (requested, accept, expected) => {
    expect(resolveLocale(requested, accept, 'fi')).toBe(expected);
  });

  it('when locale is malformed, then the error names it', () => {
    expect(() => resolveLocale('finnish', '', 'fi')).toThrow('locale "finnish" is not a language tag');
  });
});
