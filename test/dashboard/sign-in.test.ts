/**
 * Signing in with the key alone, and what the dashboard then says and refuses by the key's scope;
 * the sign-in form as an attacker sends it: redirect targets spelled to leave the site, an
 * oversized body, and the security headers every page carries.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localPath } from '../../dashboard/routes/sign-in.js';
import { issueApiKey } from '../../db/queries/api-keys.js';
import { caller, createStack, seedProject, type Seed, type Stack } from '../helpers/stack.js';

let stack: Stack;
let seed: Seed;

beforeAll(async () => {
  stack = await createStack();
  seed = await seedProject(stack.db, 'dev');
});
afterAll(() => stack?.close());

const signIn = (body: string) =>
  stack.app.request('http://localhost/sign-in', {
    method: 'POST',
    headers: { origin: 'http://localhost', 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });

/** Signs in with a key alone; the session cookie, and the home page it opens. */
async function signedIn(key: string) {
  const res = await signIn(new URLSearchParams({ api_key: key, next: '/' }).toString());
  expect(res.status).toBe(303);
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  const home = await stack.app.request('http://localhost/', { headers: { cookie } });
  return { cookie, home: await home.text() };
}

const act = (cookie: string, path: string) =>
  stack.app.request(`http://localhost${path}`, { method: 'POST', headers: { origin: 'http://localhost', cookie } });

describe('sign-in with the key alone', () => {
  it("names the project and what the key may do, refuses what it may not, and marks changes as the dashboard's", async () => {
    const { name } = await stack.db
      .selectFrom('projects')
      .select('name')
      .where('id', '=', seed.projectId)
      .executeTakeFirstOrThrow();
    const full = await signedIn(seed.key);
    expect(full.home).toContain(name);
    expect(full.home).toContain('full access');

    const api = caller(stack.app, seed.key);
    const hb = await api.post('/v1/bot/heartbeat/configure', {
      project_id: seed.projectId,
      bot_id: seed.botId,
      prompt: 'Check',
      enabled: true,
    });
    const id = hb.body.heartbeat.uuid as string;

    const reader = await issueApiKey(stack.db, seed.projectId, 'r', { scope: 'heartbeats:read', bot_id: null });
    const readOnly = await signedIn(reader.key);
    expect(readOnly.home).toContain('reads everything, changes nothing');
    const refused = await act(readOnly.cookie, `/heartbeats/${id}/disable`);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('This API key is read-only');

    expect((await act(full.cookie, `/heartbeats/${id}/disable`)).status).toBe(303);
    const read = await api.get('/v1/bot/heartbeat/read', { project_id: seed.projectId, heartbeat_id: id });
    expect(read.body.heartbeat).toMatchObject({ enabled: false, updated_via: 'dashboard' });
    const page = await stack.app.request(`http://localhost/heartbeats/${id}`, { headers: { cookie: full.cookie } });
    expect(await page.text()).toContain('through the dashboard');
  });

  it('refuses a key the API does not know, saying why', async () => {
    const res = await signIn(new URLSearchParams({ api_key: 'hb_wrong', next: '/' }).toString());
    expect(res.status).toBe(401);
    expect(await res.text()).toContain('The API key is not valid.');
    expect(res.headers.get('set-cookie')).toBeNull();
  });
});

describe('sign-in', () => {
  it('sends a signed-in person back only to a path on this site', async () => {
    for (const next of [
      '/\\evil.example',
      '/\t/evil.example',
      '//evil.example',
      'https://evil.example',
      '/\n/evil.example',
    ]) {
      const form = new URLSearchParams({ api_key: seed.key, next });
      const res = await signIn(form.toString());
      expect(res.status, next).toBe(303);
      const location = res.headers.get('location')!;
      expect(new URL(location, 'http://localhost').host, `${next} → ${location}`).toBe('localhost');
    }
    expect(localPath('/heartbeats/abc?created=1')).toBe('/heartbeats/abc?created=1');
    expect(localPath('/%09/evil.example')).toBe('/%09/evil.example');
  });

  it('refuses an oversized form unread', async () => {
    const res = await signIn(`api_key=${'x'.repeat(2 * 1024 * 1024)}`);
    expect(res.status).toBe(413);
  });

  it('answers every page with the security headers', async () => {
    const res = await stack.app.request('http://localhost/sign-in');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=/);
  });
});
