import { disallowedCharacter, stripDisallowed, stripDisallowedJson } from '../../src/http/text-rules';

/** The character rule of docs/api.md "Text that comes in", and the JSON guard that must agree with it. */
describe('text rules', () => {
  it.each([
    ['\u0000', 'a control character (U+0000)'],
    ['\u001F', 'a control character (U+001F)'],
    ['\uFFFE', 'a noncharacter (U+FFFE)'],
    ['a\uDBFF', 'a lone surrogate (U+DBFF)'],
    ['\uDFFFb', 'a lone surrogate (U+DFFF)'],
  ])('when text holds %j, then it is %s', (text, what) => {
    expect(disallowedCharacter(text)).toBe(what);
  });

  it('when text holds only TAB, LF, CR, DEL, C1, emoji and ordinary letters, then nothing is disallowed', () => {
    expect(disallowedCharacter('a\tb\nc\rd\u007F\u0085 äö € 😀 \uFFFD')).toBeNull();
  });

  it('when JSON text is stripped, then it parses to exactly the stripped strings, escaped backslashes kept', () => {
    const pieces = [
      '\\',
      '\\u0001',
      '\\b',
      'u0001',
      '\u0001',
      '\u0008',
      '\u000C',
      '\u001B',
      '\uFFFF',
      '\uD800',
      '😀',
      'ä',
      '"',
      '\n',
      'x',
    ];
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let round = 0; round < 2000; round += 1) {
      let text = '';
      for (let i = 0; i < 8; i += 1) text += pieces[Math.floor(random() * pieces.length)];
      const value = { [text]: [text, { text }], n: 1 };
      const expected = { [stripDisallowed(text)]: [stripDisallowed(text), { text: stripDisallowed(text) }], n: 1 };
      expect(JSON.parse(stripDisallowedJson(JSON.stringify(value)))).toEqual(expected);
    }
  });
});
