/** The worker's /metrics and /readyz server, with the Temporal SDK's metrics appended. */
import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';

/**
 * Serves `GET /metrics` for a process without an HTTP API of its own (the worker): its registry,
 * followed by the exposition of `alsoFrom` (the Temporal SDK's own Prometheus endpoint), so one
 * scrape target carries both. `GET /readyz` answers 200 while `ready()` says so and 503 otherwise,
 * for a container's health check.
 */
export async function serveMetrics(
  registry: Registry,
  opts: { host: string; port: number; alsoFrom?: string; ready?: () => boolean },
): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/readyz') {
      const ready = opts.ready?.() ?? true;
      res
        .writeHead(ready ? 200 : 503, { 'content-type': 'application/json' })
        .end(JSON.stringify({ status: ready ? 'ready' : 'not_ready' }));
      return;
    }
    if (req.method !== 'GET' || req.url !== '/metrics') {
      res.writeHead(404).end('GET /metrics, GET /readyz\n');
      return;
    }
    void (async () => {
      const own = await registry.metrics();
      const sdk = opts.alsoFrom
        ? await fetch(opts.alsoFrom, { signal: AbortSignal.timeout(2_000) })
            .then((r) => (r.ok ? r.text() : ''))
            .catch(() => '')
        : '';
      res.writeHead(200, { 'content-type': registry.contentType }).end(`${own}\n${sdk}`);
    })().catch((err: unknown) => res.writeHead(500).end(String(err)));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  return {
    url: `http://${opts.host}:${port}/metrics`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
