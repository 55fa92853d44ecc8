import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The handlers' inbox, measured on 1 000 000 requests:
 * - a trigram index over the resident's ORIGINAL text and the address: the public one covers
 *   only the published texts, and a rare word would otherwise walk a whole department. The
 *   expression must stay identical to INBOX_TEXT in src/repositories/admin/inbox-filter-sql.ts;
 * - pending requests per department, newest first: "held by screening" (and any moderation
 *   queue) is a small share, and counting it otherwise reads every request of the department
 *   (~1 s → a few ms).
 */
export class InboxIndexes1764000000100 implements MigrationInterface {
  name = 'InboxIndexes1764000000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX service_request_original_text ON service_request USING gin
        ((coalesce(title_original, '') || ' ' || description_original || ' ' || coalesce(address, ''))
         gin_trgm_ops)`);
    await q.query(`
      CREATE INDEX service_request_pending ON service_request (department_id, requested_at DESC, id DESC)
        WHERE visibility = 'pending'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS service_request_pending`);
    await q.query(`DROP INDEX IF EXISTS service_request_original_text`);
  }
}
