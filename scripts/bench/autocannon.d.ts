/** The slice of autocannon 9's programmatic API the benchmark uses (the package ships no types). */
declare module 'autocannon' {
  namespace autocannon {
    type RequestParams = {
      method?: 'GET' | 'POST';
      path?: string;
      headers?: Record<string, string>;
      body?: string | Buffer;
    };
    type Request = RequestParams & {
      setupRequest?: (request: RequestParams, context: object) => RequestParams;
    };
    type Options = {
      url: string;
      connections?: number;
      duration?: number;
      /** Stop after this many requests instead of a duration. */
      amount?: number;
      timeout?: number;
      method?: 'GET' | 'POST';
      headers?: Record<string, string>;
      body?: string;
      requests?: Request[];
    };
    type Histogram = { average: number; p50: number; p99: number; max: number; min: number };
    type Result = {
      duration: number;
      errors: number;
      timeouts: number;
      non2xx: number;
      '2xx': number;
      statusCodeStats: Record<string, { count: number }>;
      latency: Histogram;
      requests: Histogram & { sent: number };
      /** Bytes received (headers and bodies). */
      throughput: Histogram & { total: number };
    };
  }
  function autocannon(options: autocannon.Options): Promise<autocannon.Result>;
  export = autocannon;
}
