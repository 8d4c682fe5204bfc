/**
 * The dashboard's sign-in: the API key, the project it names and what it may do, sealed (AES-256-GCM, the service's
 * secrets key) into an HttpOnly, SameSite=Strict cookie without an expiry, so it lasts for the
 * browser session and the key is never readable by page scripts or from the cookie jar.
 */
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { SecretBox } from '../secrets.js';

export interface Session {
  key: string;
  projectId: string;
  /** The project's name and what the key may do, as the API said at sign-in (shown in the top bar). */
  projectName?: string;
  access?: string;
}

export type Sealer = Pick<SecretBox, 'seal' | 'open'>;

const COOKIE = 'heartbeat_session';

export function readSession(c: Context, sealer: Sealer): Session | undefined {
  const value = getCookie(c, COOKIE);
  if (!value) return undefined;
  try {
    const plain = sealer.open(value, 'session');
    const parsed = JSON.parse(plain) as { k?: unknown; p?: unknown; n?: unknown; a?: unknown };
    if (typeof parsed.k !== 'string' || typeof parsed.p !== 'string') return undefined;
    const words = (v: unknown) => (typeof v === 'string' ? v : undefined);
    return { key: parsed.k, projectId: parsed.p, projectName: words(parsed.n), access: words(parsed.a) };
  } catch {
    return undefined;
  }
}

export function writeSession(c: Context, sealer: Sealer, session: Session): void {
  const plain = { k: session.key, p: session.projectId, n: session.projectName, a: session.access };
  setCookie(c, COOKIE, sealer.seal(JSON.stringify(plain), 'session'), {
    httpOnly: true,
    sameSite: 'Strict',
    path: '/',
    secure: new URL(c.req.url).protocol === 'https:',
  });
}

export function clearSession(c: Context): void {
  deleteCookie(c, COOKIE, { path: '/' });
}
