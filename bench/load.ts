import autocannon from 'autocannon';

export type LoadResult = { requests: number; rps: number; p50: number; p99: number; errors: number; non2xx: number };

/**
 * Runs a bounded load against one local URL and summarises it. Every request goes to 127.0.0.1 only, and the run
 * stops by itself after `seconds`.
 */
export async function runLoad(options: {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  connections: number;
  seconds: number;
  /** Changes each request (e.g. a fresh Idempotency-Key). */
  setupRequest?: (request: { headers?: Record<string, string>; body?: string; path?: string }) => object;
}): Promise<LoadResult> {
  if (!/^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(options.url)) {
    throw new Error('benchmarks only load this machine');
  }
  const result = await autocannon({
    url: options.url,
    method: options.method ?? 'GET',
    headers: options.headers,
    body: options.body,
    connections: options.connections,
    duration: options.seconds,
    requests: options.setupRequest ? [{ setupRequest: options.setupRequest as never }] : undefined,
  });
  return {
    requests: result.requests.total,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}
