import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { text } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { createFileBlobStore } from './blob-store.ts';

describe('file blob store', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'egov-blobs-'));
  const store = createFileBlobStore(root);

  it('stores by SHA-256 and reads the same bytes back', async () => {
    const content = Buffer.from('Giấy tiếp nhận hồ sơ và hẹn trả kết quả');
    const ref = await store.put(content);
    expect(ref).toEqual({ sha256: createHash('sha256').update(content).digest('hex'), size: content.byteLength });
    expect(await text(await store.get(ref.sha256))).toBe(content.toString());
    expect(await store.has(ref.sha256)).toBe(true);
  });

  it('stores identical content once and leaves no temporary files', async () => {
    const content = Buffer.from('same bytes');
    const [a, b] = await Promise.all([store.put(content), store.put(content)]);
    expect(a.sha256).toBe(b.sha256);
    const dir = path.join(root, a.sha256.slice(0, 2), a.sha256.slice(2, 4));
    expect(readdirSync(dir)).toEqual([a.sha256]);
  });

  it('refuses addresses that are not SHA-256 digests (no path traversal)', async () => {
    await expect(store.get('../../etc/passwd')).rejects.toThrow(/SHA-256/);
    await expect(store.has('abc')).rejects.toThrow(/SHA-256/);
  });

  it('fails to read and forgets deleted content', async () => {
    const ref = await store.put(Buffer.from('to delete'));
    await store.delete(ref.sha256);
    expect(await store.has(ref.sha256)).toBe(false);
    await expect(store.get(ref.sha256)).rejects.toThrow();
  });
});
