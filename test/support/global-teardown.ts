/** Stops the embedded test database started by global-setup.ts. */
export default async function globalTeardown(): Promise<void> {
  await globalThis.embeddedTestDatabase?.stop();
}
