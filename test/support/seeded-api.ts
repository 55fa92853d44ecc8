import { seedCatalogue } from './catalogue';
import { createTestContext, type TestContext } from './context';
import { createApiKey } from './factories';

/**
 * The setup most public-API test files share: a fresh app on an emptied database, the test
 * municipality's catalogue, and one API key to post with. `env` adds to the test configuration.
 */
export async function createSeededApi(env: Record<string, string> = {}): Promise<{ t: TestContext; key: string }> {
  const t = await createTestContext(env);
  await seedCatalogue(t.db.pool);
  return { t, key: await createApiKey(t.db.pool) };
}
