/**
 * A short-lived in-process cache for the public lookup, the busiest read of the platform (every QR scan on a
 * receipt, every refresh of a waiting citizen). A status a few seconds old is acceptable there; a database round
 * trip per scan is not what a province-wide rush should cost.
 *
 * Changes in this process drop a code at once (the dossier outbox hook calls `forget` inside the action's
 * transaction). Because that transaction has not committed yet, a lookup racing it could cache the state from
 * before the change: a forgotten code is therefore not cached again for a moment (`settleMs`). Changes made by
 * another process are seen when the entry expires (`ttlMs`).
 */
export type LookupCache<V> = {
  get(code: string): V | undefined;
  set(code: string, value: V): void;
  forget(code: string): void;
  readonly size: number;
};

export function createLookupCache<V>(options: {
  ttlMs: number;
  maxEntries?: number;
  settleMs?: number;
  now?: () => number;
}): LookupCache<V> {
  const { ttlMs } = options;
  const maxEntries = options.maxEntries ?? 10_000;
  const settleMs = options.settleMs ?? 2_000;
  const now = options.now ?? Date.now;
  // A Map keeps insertion order: re-inserting on write makes the first key the oldest, evicted first.
  const entries = new Map<string, { value: V; expiresAt: number }>();
  const unsettled = new Map<string, number>();

  return {
    get(code) {
      const entry = entries.get(code);
      if (!entry) return undefined;
      if (entry.expiresAt <= now()) {
        entries.delete(code);
        return undefined;
      }
      return entry.value;
    },
    set(code, value) {
      if (ttlMs <= 0) return;
      const settledAt = unsettled.get(code);
      if (settledAt !== undefined) {
        if (settledAt > now()) return;
        unsettled.delete(code);
      }
      entries.delete(code);
      entries.set(code, { value, expiresAt: now() + ttlMs });
      if (entries.size > maxEntries) {
        const oldest = entries.keys().next().value;
        if (oldest !== undefined) entries.delete(oldest);
      }
    },
    forget(code) {
      entries.delete(code);
      unsettled.set(code, now() + settleMs);
      // Bounded like the entries: the oldest marks are long settled.
      if (unsettled.size > maxEntries) {
        const oldest = unsettled.keys().next().value;
        if (oldest !== undefined) unsettled.delete(oldest);
      }
    },
    get size() {
      return entries.size;
    },
  };
}
