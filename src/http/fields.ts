import { addField, type Fields } from '../domain/fields';
import { decodeComponent, printableName } from './text-rules';

// The field map and its readers are the domain's (src/domain/fields.ts): its parsers read them.
export { addField, first, firstOf, values, type Fields } from '../domain/fields';

export function fieldsFromSearchParams(params: URLSearchParams): Fields {
  const fields: Fields = new Map();
  for (const [name, value] of params) addField(fields, name, value);
  return fields;
}

/**
 * An `application/x-www-form-urlencoded` text (a query string or a form body) with its names
 * kept literally, like `URLSearchParams`, but strict: a malformed escape or bytes that are not
 * UTF-8 are a 400 naming the parameter rather than a silent U+FFFD.
 */
export function fieldsFromForm(text: string): Fields {
  const fields: Fields = new Map();
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const at = pair.indexOf('=');
    const rawName = at === -1 ? pair : pair.slice(0, at);
    const name = decodeComponent(rawName, `parameter name "${printableName(rawName)}"`);
    addField(fields, name, at === -1 ? '' : decodeComponent(pair.slice(at + 1), printableName(name)));
  }
  return fields;
}
