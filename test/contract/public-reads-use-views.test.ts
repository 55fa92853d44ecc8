import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { Client } from 'pg';
import { PRIVATE_NAMES } from './private-names';

/**
 * The privacy gate lives in the database views (docs/privacy-gate.md §5): public-side code reads
 * `public_request`, `public_request_event` and `public_media`, never a base table, and never names
 * a contact, original-text or handler column. This check reads the code (not its comments):
 *
 * - any SQL text that names a base table after FROM, JOIN, INTO, UPDATE or a comma, or names a
 *   table with `_` in its name anywhere, fails;
 * - any identifier, property or string that is one of PRIVATE_NAMES fails.
 *
 * The public side is listed here on purpose. The submitter's own view
 * (src/repositories/own-requests-repository.ts) and the write path (POST requests, which receives
 * the contact details to store them) are not public reads and are outside it.
 */
const ROOT = path.resolve(__dirname, '../..');

const PUBLIC_SIDE: { pattern: RegExp; example: string }[] = [
  { pattern: /^src\/open311\/(?!requests-create\.ts$).+\.ts$/, example: 'src/open311/requests-read.ts' },
  { pattern: /^src\/feeds\/.+\.ts$/, example: 'src/feeds/router.ts' },
  // The pages for people, but for the submitter's own pages (adding details, "my feedback") and the stylesheet.
  { pattern: /^src\/pages\/(?!my\/|details-|pages-css\.ts$)[^/]+\.ts$/, example: 'src/pages/request-page.ts' },
  { pattern: /^src\/http\/media-router\.ts$/, example: 'src/http/media-router.ts' },
  { pattern: /^src\/repositories\/public-[^/]+\.ts$/, example: 'src/repositories/public-requests-repository.ts' },
  { pattern: /^src\/repositories\/similar-[^/]+\.ts$/, example: 'src/repositories/similar-requests-repository.ts' },
  { pattern: /^src\/media\/public-photo\.ts$/, example: 'src/media/public-photo.ts' },
  { pattern: /^src\/domain\/count-cache\.ts$/, example: 'src/domain/count-cache.ts' },
];

function publicSideFiles(): string[] {
  const all = (fs.readdirSync(path.join(ROOT, 'src'), { recursive: true }) as string[]).map((f) =>
    `src/${f}`.split(path.sep).join('/'),
  );
  return all.filter((file) => PUBLIC_SIDE.some((side) => side.pattern.test(file))).sort();
}

/** Every string (template texts joined, `${…}` as a space) and every identifier of the code, without comments. */
function codeTexts(source: string): { strings: string[]; names: string[] } {
  const file = ts.createSourceFile('x.ts', source, ts.ScriptTarget.Latest, true);
  const strings: string[] = [];
  const names: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) strings.push(node.text);
    else if (ts.isTemplateExpression(node)) {
      strings.push([node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join(' '));
    } else if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) names.push(node.text);
    ts.forEachChild(node, visit);
  };
  visit(file);
  return { strings, names };
}

const escape = (name: string) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** What `source` names that the public side may not: base tables in SQL, private names anywhere. */
function violations(source: string, tables: string[]): string[] {
  const { strings, names } = codeTexts(source);
  const found = new Set<string>();
  for (const text of strings) {
    for (const table of tables) {
      const t = escape(table);
      const inSql = new RegExp(
        `\\b(?:from|join|into|update)\\s+(?:only\\s+)?${t}\\b|,\\s*${t}\\s+[a-z_]\\w*\\s*(?:,|\\bwhere\\b|\\bjoin\\b|$)`,
        'i',
      );
      if (inSql.test(text) || (table.includes('_') && new RegExp(`\\b${t}\\b`).test(text))) found.add(`table ${table}`);
    }
  }
  const privateNames = new Set(PRIVATE_NAMES);
  for (const word of [...names, ...strings.flatMap((text) => text.split(/[^A-Za-z0-9_]+/))]) {
    if (privateNames.has(word)) found.add(`name ${word}`);
  }
  return [...found].sort();
}

let tables: string[];

/** The base tables of the migrated test database (test/support/global-setup.ts): all of them are off limits. */
beforeAll(async () => {
  const client = new Client({ connectionString: process.env.TEST_DATABASE_URL });
  await client.connect();
  try {
    const result = await client.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables
        WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
    );
    tables = result.rows.map((row) => row.table_name);
  } finally {
    await client.end();
  }
});

describe('public reads use the views', () => {
  it('when the public side is listed, then every entry matches a file', () => {
    const files = publicSideFiles();
    for (const side of PUBLIC_SIDE) expect(files).toContain(side.example);
    expect(files).not.toContain('src/open311/requests-create.ts');
  });

  it('when public-side code is read, then it names no base table and no private column', () => {
    expect(tables).toEqual(expect.arrayContaining(['service_request', 'request_event', 'request_contact', 'media']));
    const found = publicSideFiles().flatMap((file) =>
      violations(fs.readFileSync(path.join(ROOT, file), 'utf8'), tables).map((what) => `${file}: ${what}`),
    );
    expect(found).toEqual([]);
  });

  // The check must be able to fail: each of these is what a careless public read would write.
  it.each([
    [
      'a base table after FROM',
      'const q = `SELECT r.id FROM service_request r WHERE r.id = $1`;',
      'table service_request',
    ],
    [
      'the contact table in a JOIN',
      "const q = 'SELECT 1 FROM public_request p JOIN request_contact c ON true';",
      'table request_contact',
    ],
    [
      'photos from the media table',
      'const q = `SELECT m.storage_key FROM media m WHERE m.public_id = ${id}`;',
      'table media',
    ],
    [
      'a category in a comma join',
      "const q = 'SELECT 1 FROM public_request r, service s WHERE s.id = r.service_id';",
      'table service',
    ],
    [
      'events by name anywhere in SQL',
      "const q = 'SELECT (SELECT count(*) FROM x) FROM request_event';",
      'table request_event',
    ],
    ['an e-mail column in SQL', "const q = 'SELECT email FROM public_request';", 'name email'],
    ['a contact property', 'const shown = row.phone;', 'name phone'],
    ['the original text', "const q = 'SELECT description_original FROM public_request';", 'name description_original'],
    ['a domain contact field', 'const who = contact.firstName;', 'name firstName'],
  ])('when public-side code has %s, then the check names it', (_what, source, expected) => {
    expect(violations(source, tables)).toContain(expected);
  });

  it('when a private name is only in a comment or in public vocabulary, then the check passes', () => {
    const source = [
      '// never selects email or phone FROM service_request',
      "/** media_url and the /media/ route; the service list */ const q = 'SELECT p.media_urls FROM public_media m';",
      "const route = '/service/:file'; const type = 'application/json';",
    ].join('\n');
    expect(violations(source, tables)).toEqual([]);
  });
});
