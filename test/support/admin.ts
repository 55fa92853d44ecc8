import type { Pool } from 'pg';
import type { Role } from '../../src/domain/principal';
import { insertHandler, issueHandlerToken } from '../../src/repositories/handler-repository';

export type TestHandler = { id: number; token: string; auth: { Authorization: string } };

let counter = 0;

/** A handler with a fresh bearer token, straight into the database (as the CLI would). */
export async function createHandler(
  pool: Pool,
  role: Role,
  departmentIds: number[] = [],
  email = `handler${(counter += 1)}-${role}@city.test`,
): Promise<TestHandler> {
  const id = await insertHandler(pool, { email, name: `Test ${role} ${counter}`, role, departmentIds });
  const token = await issueHandlerToken(pool, id, 'test');
  return { id, token, auth: { Authorization: `Bearer ${token}` } };
}
