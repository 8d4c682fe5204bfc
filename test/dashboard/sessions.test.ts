/**
 * Dashboard sessions: signing out ends the session on the server (a copy of the cookie no longer
 * works), a session expires 12 hours after sign-in, and the cookie is Secure behind a trusted TLS proxy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { appDefaults, createStack, seedProject, type Seed, type Stack } from '../helpers/stack.js';

let stack: Stack;
let seed: Seed;
let clock = new Date();

beforeAll(async () => {
  stack = await createStack();
  seed = await seedProject(stack.db, 'dev');
});
afterAll(() => stack?.close());

const appWith = (opts: { trustProxy?: boolean } = {}) =>
  createApp({ db: stack.db, temporal: stack.temporal, ...appDefaults, now: () => clock, ...opts });

async function signIn(app: ReturnType<typeof appWith>, headers: Record<string, string> = {}) {
  const res = await app.request('http://localhost/sign-in', {
    method: 'POST',
    headers: { origin: 'http://localhost', 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams({ api_key: seed.key, next: '/' }).toString(),
  });
  expect(res.status).toBe(303);
  const setCookie = res.headers.get('set-cookie')!;
  return { setCookie, cookie: setCookie.split(';')[0]! };
}

/** Where the home page sends a browser with this cookie: nowhere (signed in) or to the sign-in page. */
async function home(app: ReturnType<typeof appWith>, cookie: string) {
  const res = await app.request('http://localhost/', { headers: { cookie } });
  return res.status === 303 ? res.headers.get('location') : res.status;
}

describe('a dashboard session', () => {
  it('ends at sign-out for every copy of its cookie', async () => {
    const app = appWith();
    const { cookie } = await signIn(app);
    expect(await home(app, cookie)).toBe(200);
    const out = await app.request('http://localhost/sign-out', {
      method: 'POST',
      headers: { origin: 'http://localhost', cookie },
    });
    expect(out.status).toBe(303);
    // The browser dropped its copy; a copy kept elsewhere (a stolen cookie) is refused too.
    expect(await home(app, cookie)).toBe('/sign-in?next=%2F');
  });

  it('expires 12 hours after sign-in', async () => {
    clock = new Date();
    const app = appWith();
    const { cookie, setCookie } = await signIn(app);
    expect(setCookie).toMatch(/Expires=/);
    clock = new Date(clock.getTime() + 11 * 3600_000);
    expect(await home(app, cookie)).toBe(200);
    clock = new Date(clock.getTime() + 3600_000 + 1000);
    expect(await home(app, cookie)).toBe('/sign-in?next=%2F');
    clock = new Date();
  });

  it('is Secure behind a TLS proxy the operator trusts, and only then', async () => {
    const tls = { 'x-forwarded-proto': 'https' };
    expect((await signIn(appWith({ trustProxy: true }), tls)).setCookie).toMatch(/; Secure/);
    expect((await signIn(appWith({ trustProxy: true }))).setCookie).not.toMatch(/; Secure/);
    // Without TRUST_PROXY a client could send the header itself: it decides nothing.
    expect((await signIn(appWith(), tls)).setCookie).not.toMatch(/; Secure/);
  });
});
