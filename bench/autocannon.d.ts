// The few parts of autocannon's API the benchmarks use (the package ships no types).
declare module 'autocannon' {
  type Options = {
    url: string;
    method?: string;
    headers?: Record<string, string> | undefined;
    body?: string | undefined;
    connections?: number;
    duration?: number;
    requests?: { setupRequest?: (request: object) => object }[] | undefined;
  };
  type Result = {
    requests: { total: number; average: number };
    latency: { p50: number; p99: number };
    errors: number;
    timeouts: number;
    non2xx: number;
  };
  export default function autocannon(options: Options): Promise<Result>;
}
