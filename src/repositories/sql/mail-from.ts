/**
 * A city's e-mail sender as one `From:` value, from the row of `jurisdiction` under `alias`:
 * `"Name" <address>` (the name a quoted string, its `\` and `"` escaped), the bare address
 * without a name, null without an address (the worker then sends from MAIL_FROM). The address
 * passed the admin API's e-mail format and names carry no control characters, so the value
 * cannot add a header line.
 */
export const mailFromSql = (alias: string): string => String.raw`
  CASE WHEN ${alias}.mail_from_address IS NULL THEN NULL
       WHEN ${alias}.mail_from_name IS NULL THEN ${alias}.mail_from_address
       ELSE '"' || replace(replace(${alias}.mail_from_name, '\', '\\'), '"', '\"') || '" <' ||
            ${alias}.mail_from_address || '>' END`;
