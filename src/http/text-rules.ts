import { badRequest } from '../domain/errors';
import type { Fields } from '../domain/fields';

/*
 * The one rule for text that comes in (docs/api.md, "Text that comes in"): no NUL, no C0 control other
 * than TAB, LF and CR, no U+FFFE/U+FFFF and no lone surrogate. PostgreSQL refuses NUL in text and
 * XML 1.0 has no way to carry the rest, so a value that holds one is refused at the boundary with
 * a 400 naming the parameter, and JSON, XML, RSS/Atom, CSV and e-mail all carry the same text.
 */
const DISALLOWED_SOURCE =
  '[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\uFFFE\\uFFFF]|[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]';
const DISALLOWED = new RegExp(DISALLOWED_SOURCE);
const DISALLOWED_ALL = new RegExp(DISALLOWED_SOURCE, 'g');
const JSON_NEEDS_WORK = /\\(?:u00[01]|ud[89a-f]|[bf])|[\uFFFE\uFFFF]/i;
const JSON_DISALLOWED = /\\\\|\\u00(?:0[0-8bcef]|1[0-9a-f])|\\ud[89a-f][0-9a-f]{2}|\\[bf]|[\uFFFE\uFFFF]/gi;
const MAX_NAME_SHOWN = 60;
const MAX_PROBLEMS = 20;

const hex = (code: number): string => `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;

/** What kind of disallowed character `char` is, for the error message. */
function kind(char: string): string {
  const code = char.charCodeAt(0);
  if (code >= 0xd800 && code <= 0xdfff) return `a lone surrogate (${hex(code)})`;
  if (code >= 0xfffe) return `a noncharacter (${hex(code)})`;
  return `a control character (${hex(code)})`;
}

/** The first disallowed character in `text`, described (e.g. "a control character (U+0007)"), or null. */
export function disallowedCharacter(text: string): string | null {
  const match = DISALLOWED.exec(text);
  return match === null ? null : kind(match[0]);
}

/** `text` without the disallowed characters: the output-side guard for rows written before the rule. */
export function stripDisallowed(text: string): string {
  return DISALLOWED.test(text) ? text.replace(DISALLOWED_ALL, '') : text;
}

/** A parameter name fit for an error message: disallowed characters as `\uXXXX`, clipped. */
export function printableName(name: string): string {
  const shown = name.replace(DISALLOWED_ALL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return shown.length > MAX_NAME_SHOWN ? `${shown.slice(0, MAX_NAME_SHOWN)}…` : shown;
}

/**
 * JSON text as `JSON.stringify` writes it, less the disallowed characters: they appear there as
 * `\u0001`-style, `\b` or `\f` escapes (escaped backslashes are skipped), or raw U+FFFE/U+FFFF.
 */
export function stripDisallowedJson(json: string): string {
  if (!JSON_NEEDS_WORK.test(json)) return json;
  return json.replace(JSON_DISALLOWED, (match) => (match === '\\\\' ? match : ''));
}

/** The problem with one named value, e.g. "description contains a control character (U+0007) that is not allowed". */
export function textProblem(name: string, value: string): string | null {
  const found = disallowedCharacter(value);
  return found === null ? null : `${name} contains ${found} that is not allowed`;
}

/** The problem with a parameter's name itself, or null. */
export function nameProblem(name: string): string | null {
  const found = disallowedCharacter(name);
  return found === null ? null : `parameter name "${printableName(name)}" contains ${found} that is not allowed`;
}

/** 400 listing every field whose name or value breaks the rule (each field once). */
export function checkFields(fields: Fields): void {
  const problems: string[] = [];
  for (const [name, list] of fields) {
    const problem = nameProblem(name) ?? list.map((value) => textProblem(name, value)).find((p) => p !== null);
    if (problem) problems.push(problem);
  }
  if (problems.length > 0) throw badRequest(...problems);
}

/**
 * Every string of a parsed JSON body, at any depth, and every object key, named by its path as
 * the schema errors name it (`names.fi`, `values.0.key`). Iterative: a deeply nested body must
 * not overflow the stack.
 */
export function jsonTextProblems(body: unknown): string[] {
  const problems: string[] = [];
  const stack: [unknown, string][] = [[body, '']];
  while (stack.length > 0 && problems.length < MAX_PROBLEMS) {
    const [value, where] = stack.pop() as [unknown, string];
    if (typeof value === 'string') {
      const problem = textProblem(where === '' ? 'body' : where, value);
      if (problem) problems.push(problem);
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => stack.push([item, where === '' ? String(index) : `${where}.${index}`]));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        const problem = nameProblem(key);
        if (problem) problems.push(where === '' ? problem : `${where}: ${problem}`);
        else stack.push([item, where === '' ? key : `${where}.${key}`]);
      }
    }
  }
  return problems.reverse();
}

/**
 * One percent-encoded URL or form component as text (`+` is a space in query strings and forms):
 * 400 when the escapes are malformed or the bytes are not UTF-8, instead of the silent U+FFFD or
 * raw `%` that lenient decoders leave behind.
 */
export function decodeComponent(raw: string, what: string, plusIsSpace = true): string {
  const text = plusIsSpace ? raw.replace(/\+/g, ' ') : raw;
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    throw badRequest(`${what} is not valid percent-encoded UTF-8`);
  }
}
