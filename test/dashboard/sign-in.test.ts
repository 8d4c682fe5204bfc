/**
 * The sign-in form as an attacker sends it: redirect targets spelled to leave the site, an
 * oversized body, and the security headers every page carries.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localPath } from '../../dashboard/routes/sign-in.js';
import { createStack, seedProject, type Seed, type Stack } from '../helpers/stack.js';

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

describe('sign-in', () => {
  it('sends a signed-in person back only to a path on this site', async () => {
    for (const next of [
      '/\\evil.example',
      '/\t/evil.example',
      '//evil.example',
      'https://evil.example',
      '/\n/evil.example',
    ]) {
      const form = new URLSearchParams({ api_key: seed.key, project_id: seed.projectId, next });
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
