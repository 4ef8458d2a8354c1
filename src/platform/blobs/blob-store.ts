import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';

/**
 * Where file contents live, addressed by their SHA-256: the same bytes are stored once, a reference can never
 * point at changed content, and a transport for S3-compatible storage can implement the same interface.
 */
export type BlobRef = { sha256: string; size: number };

export interface BlobStore {
  /** Stores bytes and returns their address; storing the same bytes again is a no-op. */
  put(content: Buffer | Uint8Array): Promise<BlobRef>;
  /** Streams stored bytes. @throws when absent */
  get(sha256: string): Promise<Readable>;
  has(sha256: string): Promise<boolean>;
  delete(sha256: string): Promise<void>;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Blobs as files under `root/ab/cd/<sha256>`, written to a temporary file, fsynced, then renamed into place. */
export function createFileBlobStore(root: string): BlobStore {
  const pathOf = (sha256: string) => {
    if (!SHA256_HEX.test(sha256)) {
      throw new Error('not a SHA-256 hex digest');
    }
    return path.join(root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  };

  return {
    async put(content) {
      const sha256 = createHash('sha256').update(content).digest('hex');
      const target = pathOf(sha256);
      if (await exists(target)) {
        return { sha256, size: content.byteLength };
      }
      await mkdir(path.dirname(target), { recursive: true });
      const temporary = `${target}.${randomBytes(6).toString('hex')}.tmp`;
      const handle = await open(temporary, 'wx', 0o640);
      try {
        await handle.writeFile(content);
        await handle.sync();
      } finally {
        await handle.close();
      }
      // rename is atomic within a file system: readers see no file or the whole file, never a part.
      await rename(temporary, target);
      // The new name lives in the directory: sync it too, or a power cut could lose a file already acknowledged.
      const directory = await open(path.dirname(target), 'r');
      try {
        await directory.sync();
      } finally {
        await directory.close();
      }
      return { sha256, size: content.byteLength };
    },
    async get(sha256) {
      const file = pathOf(sha256);
      await stat(file);
      return createReadStream(file);
    },
    async has(sha256) {
      return exists(pathOf(sha256));
    },
    async delete(sha256) {
      await rm(pathOf(sha256), { force: true });
    },
  };
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

/** Reads a whole stream into memory: for files that must be handled whole (signing, verifying, packaging). */
export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}
