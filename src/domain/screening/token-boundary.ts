/** Letters or digits in any script: an identifier glued to one of these is part of a longer token. */
const WORD_CHAR = /[\p{L}\p{N}]/u;

/** True for a letter or digit in any script. */
export function isWordChar(char: string): boolean {
  return char !== '' && WORD_CHAR.test(char);
}

/**
 * True when neither neighbour of `start..end` continues the token, so that a code inside a longer
 * product number, file name or hash is not taken for an identifier.
 */
export function isStandalone(text: string, start: number, end: number): boolean {
  return !isWordChar(text.charAt(start - 1)) && !isWordChar(text.charAt(end));
}
