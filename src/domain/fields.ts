/**
 * Request parameters as GeoReport clients send them: names kept literally (`attribute[CODE][]`,
 * repeated `media_url`), every value a string. Empty values count as absent (docs/open311-dialect.md §6.2).
 * The HTTP side fills them (src/http/fields.ts); the domain's parsers read them.
 */
export type Fields = Map<string, string[]>;

export function addField(fields: Fields, name: string, value: string): void {
  const list = fields.get(name);
  if (list) list.push(value);
  else fields.set(name, [value]);
}

/** All non-empty (after trimming) values of a field. */
export function values(fields: Fields, name: string): string[] {
  const list = fields.get(name);
  if (!list) return [];
  const out: string[] = [];
  for (const value of list) {
    const trimmed = value.trim();
    if (trimmed !== '') out.push(trimmed);
  }
  return out;
}

/** The first non-empty value of a field, or undefined when absent or empty. */
export function first(fields: Fields, name: string): string | undefined {
  return values(fields, name)[0];
}

/** The first of several alias names that is present (e.g. `search` / `q`). */
export function firstOf(fields: Fields, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = first(fields, name);
    if (value !== undefined) return value;
  }
  return undefined;
}
