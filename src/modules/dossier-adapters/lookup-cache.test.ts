import { describe, expect, it } from 'vitest';
import { createLookupCache } from './lookup-cache.ts';

describe('the lookup cache', () => {
  const clock = () => {
    let t = 1_000_000;
    return { now: () => t, advance: (ms: number) => (t += ms) };
  };

  it('serves an entry until it expires', () => {
    const c = clock();
    const cache = createLookupCache<string>({ ttlMs: 5_000, now: c.now });
    cache.set('A', 'a1');
    c.advance(4_999);
    expect(cache.get('A')).toBe('a1');
    c.advance(1);
    expect(cache.get('A')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('drops a forgotten code and does not take it back until the change has settled', () => {
    const c = clock();
    const cache = createLookupCache<string>({ ttlMs: 5_000, settleMs: 2_000, now: c.now });
    cache.set('A', 'before');
    cache.forget('A');
    expect(cache.get('A')).toBeUndefined();
    // A lookup racing the uncommitted change read the old state: it must not be kept.
    cache.set('A', 'maybe-stale');
    expect(cache.get('A')).toBeUndefined();
    c.advance(2_001);
    cache.set('A', 'after');
    expect(cache.get('A')).toBe('after');
  });

  it('evicts the least recently written entry beyond its size, and caches nothing with a zero TTL', () => {
    const cache = createLookupCache<number>({ ttlMs: 5_000, maxEntries: 2 });
    cache.set('A', 1);
    cache.set('B', 2);
    cache.set('A', 3);
    cache.set('C', 4);
    expect([cache.get('A'), cache.get('B'), cache.get('C')]).toEqual([3, undefined, 4]);
    const off = createLookupCache<number>({ ttlMs: 0 });
    off.set('A', 1);
    expect(off.get('A')).toBeUndefined();
  });
});
