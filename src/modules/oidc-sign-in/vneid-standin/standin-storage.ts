import type { Adapter, AdapterPayload } from 'oidc-provider';

/**
 * The stand-in's storage: codes, tokens, sessions, grants and interactions in this process's memory, dropped on
 * expiry. Enough for a demo provider (a restart signs everybody out of the stand-in, which is fine); a real provider
 * keeps them in a shared store.
 */
type Entry = { payload: AdapterPayload; expiresAt: number };

const stores = new Map<string, Map<string, Entry>>();
/** grant id → keys of everything issued under it, for revocation (oidc-provider revokes on a replayed code). */
const byGrant = new Map<string, Set<string>>();

export class StandinStorage implements Adapter {
  private readonly entries: Map<string, Entry>;

  constructor(readonly model: string) {
    let store = stores.get(model);
    if (!store) {
      store = new Map();
      stores.set(model, store);
    }
    this.entries = store;
  }

  async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
    this.entries.set(id, { payload, expiresAt: Date.now() + expiresIn * 1000 });
    if (payload.grantId) {
      const keys = byGrant.get(payload.grantId) ?? new Set();
      keys.add(`${this.model}:${id}`);
      byGrant.set(payload.grantId, keys);
    }
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      this.entries.delete(id);
      return undefined;
    }
    return entry.payload;
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    for (const [id, entry] of this.entries) {
      if (entry.payload.uid === uid) return this.find(id);
    }
    return undefined;
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    for (const [id, entry] of this.entries) {
      if (entry.payload.userCode === userCode) return this.find(id);
    }
    return undefined;
  }

  async consume(id: string): Promise<void> {
    const entry = this.entries.get(id);
    if (entry) entry.payload = { ...entry.payload, consumed: Math.floor(Date.now() / 1000) };
  }

  async destroy(id: string): Promise<void> {
    this.entries.delete(id);
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    for (const key of byGrant.get(grantId) ?? []) {
      const split = key.indexOf(':');
      stores.get(key.slice(0, split))?.delete(key.slice(split + 1));
    }
    byGrant.delete(grantId);
  }
}
