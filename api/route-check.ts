/**
 * Unknown /v1 paths answer 404 and a known path asked with another method 405 with `Allow`,
 * before any API key is asked for: a typo is not an authentication problem.
 */
import { createMiddleware } from 'hono/factory';
import { ApiError } from './errors.js';

/** The methods of each path, from the app's routes (`ALL` entries are middleware, not routes). */
function methodsByPath(routes: Array<{ method: string; path: string }>): Map<string, Set<string>> {
  const byPath = new Map<string, Set<string>>();
  for (const { method, path } of routes) {
    if (method === 'ALL') continue;
    if (!byPath.has(path)) byPath.set(path, new Set());
    byPath.get(path)!.add(method);
  }
  return byPath;
}

/** `routes` is read at the first request, once every router is mounted. */
export function routeCheck(routes: () => Array<{ method: string; path: string }>) {
  let known: Map<string, Set<string>> | undefined;
  return createMiddleware(async (c, next) => {
    known ??= methodsByPath(routes());
    const methods = known.get(c.req.path);
    if (!methods) throw new ApiError('not_found', `No route ${c.req.method} ${c.req.path}.`);
    const method = c.req.method === 'HEAD' ? 'GET' : c.req.method;
    if (!methods.has(method)) {
      const allow = [...methods].sort().join(', ');
      c.header('Allow', allow);
      throw new ApiError('method_not_allowed', `${c.req.path} takes ${allow}, not ${c.req.method}.`);
    }
    await next();
  });
}
