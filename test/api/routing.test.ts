/**
 * What a wrong path, a wrong method or a left-out field answers: for a client, a 404 or a 405 that
 * says what to do instead, before any key is asked for; for a browser, a page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caller, createStack, seedProject, type Seed, type Stack } from '../helpers/stack.js';

let stack: Stack;
let s: Seed;
beforeAll(async () => {
  stack = await createStack();
  s = await seedProject(stack.db, 'pro');
});
afterAll(async () => {
  await stack?.close();
});

const raw = (path: string, init: RequestInit = {}) => stack.app.request(path, init);

describe('paths and methods', () => {
  it('an unknown /v1 path is a 404, with a key or without one', async () => {
    for (const headers of [{}, { authorization: `Bearer ${s.key}` }] as Array<Record<string, string>>) {
      const res = await raw('/v1/bot/heartbeat/nope', { headers });
      expect(res.status).toBe(404);
      expect(((await res.json()) as any).error.code).toBe('not_found');
    }
  });

  it('a known path with another method is a 405 that names the methods it takes', async () => {
    const res = await raw('/v1/bot/heartbeat/configure', { headers: { authorization: `Bearer ${s.key}` } });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    const body = (await res.json()) as any;
    expect(body.error.code).toBe('method_not_allowed');
    expect(body.error.message).toContain('POST');
    const del = await raw('/v1/bot/heartbeat/logs', { method: 'DELETE' });
    expect(del.status).toBe(405);
    expect(del.headers.get('allow')).toBe('GET');
  });

  it('a field left out is "required", not a type error', async () => {
    const res = await caller(stack.app, s.key).get('/v1/bot/heartbeat/read', { project_id: s.projectId });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ field: 'heartbeat_id', code: 'required', message: 'required' }]);
  });
});

describe('a browser outside the API', () => {
  it('is shown a page for a path that does not exist; a client still gets JSON', async () => {
    const page = await raw('/no-such-page', { headers: { accept: 'text/html,application/xhtml+xml' } });
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('There is no page at /no-such-page');
    const json = await raw('/no-such-page');
    expect(json.status).toBe(404);
    expect(((await json.json()) as any).error.code).toBe('not_found');
  });

  it('finds an icon at /favicon.ico', async () => {
    const ico = await raw('/favicon.ico');
    expect(ico.status).toBe(301);
    const svg = await raw(ico.headers.get('location')!);
    expect(svg.status).toBe(200);
    expect(svg.headers.get('content-type')).toBe('image/svg+xml');
  });
});
