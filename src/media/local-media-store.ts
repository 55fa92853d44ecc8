import { randomBytes } from 'node:crypto';
import { access, constants, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { assertSafeKey } from './media-keys';
import type { MediaStore } from './media-store';

/**
 * Photos in a local folder (MEDIA_DIR). Writes go to a temporary file in the target folder,
 * are flushed, then renamed over the key, so a crash or a concurrent reader never sees a
 * partial photo. Only one machine can read the folder: several instances need the S3 store
 * or a shared file system (docs/media-storage.md).
 */
export function localMediaStore(dir: string): MediaStore {
  const root = path.resolve(dir);
  const pathOf = (key: string): string => resolveKey(root, key);

  return {
    async put(key, data, _contentType) {
      const target = pathOf(key);
      await mkdir(path.dirname(target), { recursive: true });
      await writeAtomically(target, data);
    },

    async get(key) {
      try {
        return await readFile(pathOf(key));
      } catch (error) {
        if (isNotFound(error)) return null;
        throw error;
      }
    },

    async open(key) {
      const target = pathOf(key);
      try {
        // The open handle keeps reading the same file even if it is deleted meanwhile.
        const handle = await open(target, 'r');
        const { size } = await handle.stat().catch(async (error: unknown) => {
          await handle.close();
          throw error;
        });
        return { body: handle.createReadStream(), length: size };
      } catch (error) {
        if (isNotFound(error)) return null;
        throw error;
      }
    },

    async delete(key) {
      await rm(pathOf(key), { force: true });
    },

    async check() {
      await mkdir(root, { recursive: true });
      await access(root, constants.W_OK);
    },
  };
}

/** Maps a key to a path inside root, refusing anything that could escape it. */
function resolveKey(root: string, key: string): string {
  assertSafeKey(key);
  const resolved = path.resolve(root, key);
  if (!resolved.startsWith(root + path.sep)) {
    throw new Error(`Unsafe media storage key: ${JSON.stringify(key)}`);
  }
  return resolved;
}

async function writeAtomically(target: string, data: Buffer): Promise<void> {
  const temporary = `${target}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const handle = await open(temporary, 'wx');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

function isNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'ENOENT';
}
