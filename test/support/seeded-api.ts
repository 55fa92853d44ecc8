import { seedCatalogue } from './catalogue';
import { createTestContext, type TestContext } from './context';
import { createApiKey } from './factories';

/**
 * The setup most public-API test files share: a fresh app on an emptied database, the test
 * municipality's catalogue, and one API key to post with.
 */
export async function createSeededApi(): Promise<{ t: TestContext; key: string }> {
  const t = await createTestContext();
  await seedCatalogue(t.db.pool);
  return { t, key: await createApiKey(t.db.pool) };
}
