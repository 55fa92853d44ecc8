import type { Pool } from 'pg';
import { resolveJurisdiction } from '../../src/domain/jurisdiction';
import { parseRequestQuery } from '../../src/domain/parse-request-query';
import { fieldsFromSearchParams } from '../../src/http/fields';
import { queryParams } from '../../src/http/validate-params';
import { loadCatalogue } from '../../src/repositories/catalogue-repository';
import { listPublicRequests } from '../../src/repositories/public-requests-repository';
import { countCache } from '../../src/domain/count-cache';
import { JURISDICTION } from './seed';

type Statement = { text: string; values: unknown[] };

const SPATIAL_INDEXES = ['service_request_geom_time', 'service_request_geog_time'];

/**
 * The exact SQL the service sends for a GET requests query string: the repository runs against a
 * recording stand-in for the pool, so the statements cannot drift from what the endpoint executes.
 */
async function statementsFor(pool: Pool, query: string): Promise<Statement[]> {
  const catalogue = await loadCatalogue(pool);
  const fields = fieldsFromSearchParams(new URLSearchParams(query));
  const filter = parseRequestQuery(
    queryParams('getRequests', fields),
    catalogue,
    resolveJurisdiction(catalogue, JURISDICTION),
  );
  const recorded: Statement[] = [];
  // Answers every statement with a full page, so that the repository also issues its count statement.
  const fullPage = Array.from({ length: filter.pageSize }, () => ({ total: 0 }));
  const recorder = {
    query: async (config: string | { text: string; values?: unknown[] }, values?: unknown[]) => {
      recorded.push(
        typeof config === 'string'
          ? { text: config, values: values ?? [] }
          : { text: config.text, values: config.values ?? values ?? [] },
      );
      return { rows: fullPage, rowCount: fullPage.length };
    },
  };
  await listPublicRequests(recorder as unknown as Pool, filter, countCache(0), { distance: false });
  return recorded;
}

async function explain(pool: Pool, statement: Statement, options: string): Promise<string> {
  const { rows } = await pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${options} ${statement.text}`, statement.values);
  return rows.map((r) => r['QUERY PLAN']).join('\n');
}

const indexesIn = (plan: string) => SPATIAL_INDEXES.filter((name) => new RegExp(`\\b${name}\\b`).test(plan));

function section(title: string, plan: string): string {
  return `#### ${title}\n\n\`\`\`\n${plan}\n\`\`\``;
}

/**
 * EXPLAIN of the list and count statements of one spatial query, plus one EXPLAIN ANALYZE of the
 * list; returns Markdown and which GiST indexes the plans name.
 */
export async function explainSpatial(
  pool: Pool,
  name: string,
  query: string,
): Promise<{ markdown: string; indexes: string[] }> {
  const [list, count] = await statementsFor(pool, query);
  const listPlan = await explain(pool, list, '');
  const countPlan = count ? await explain(pool, count, '') : '(the repository issued no count statement)';
  await explain(pool, list, '(ANALYZE)'); // warms the backend (PostGIS set-up on first use) and the cache
  const analyzed = await explain(pool, list, '(ANALYZE, BUFFERS)');
  const indexes = [...new Set([...indexesIn(listPlan), ...indexesIn(countPlan)])];
  const markdown = [
    `### ${name}: \`GET requests.json?${query}\``,
    `GiST index in the plans: ${indexes.length > 0 ? indexes.join(', ') : '**none**'}`,
    section('EXPLAIN (list)', listPlan),
    section('EXPLAIN (count)', countPlan),
    section('EXPLAIN (ANALYZE, BUFFERS) (list)', analyzed),
  ].join('\n\n');
  return { markdown, indexes };
}

/** Median execution time (ms) of the list and count statements of a GET requests query, over `times` runs. */
export async function sqlTimings(
  pool: Pool,
  draw: () => string,
  times: number,
): Promise<{ list: number; count: number }> {
  const list: number[] = [];
  const count: number[] = [];
  for (let i = 0; i < times; i++) {
    const [l, c] = await statementsFor(pool, draw());
    list.push(await executionMs(pool, l));
    if (c) count.push(await executionMs(pool, c));
  }
  const mid = (xs: number[]) => (xs.length === 0 ? NaN : [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]);
  return { list: mid(list), count: mid(count) };
}

async function executionMs(pool: Pool, statement: Statement): Promise<number> {
  const plan = await explain(pool, statement, '(ANALYZE, TIMING OFF)');
  return Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? NaN);
}
