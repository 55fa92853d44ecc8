import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { MediaStore } from './media-store';

/** Relative, slash-separated, from a small alphabet: no `..`, no leading `/`, no backslashes. */
const SAFE_KEY = /^[A-Za-z0-9_.-]+(?:\/[A-Za-z0-9_.-]+)*$/;

/**
 * Photos in a local folder (MEDIA_DIR). Writes go to a temporary file in the target folder,
 * are flushed, then renamed over the key, so a crash or a concurrent reader never sees a
 * partial photo.
 *
 * An S3-compatible store implements the same three methods: `put` is PutObject with
 * ContentType (already atomic on S3), `get` is GetObject returning null on NoSuchKey, and
 * `delete` is DeleteObject (idempotent there too). It should apply the same key check.
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

    async delete(key) {
      await rm(pathOf(key), { force: true });
    },
  };
}

/** Maps a key to a path inside root, refusing anything that could escape it. */
function resolveKey(root: string, key: string): string {
  const dotsOnly = key.split('/').some((segment) => /^\.+$/.test(segment));
  if (!SAFE_KEY.test(key) || dotsOnly) {
    throw new Error(`Unsafe media storage key: ${JSON.stringify(key)}`);
  }
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
