/**
 * The dashboard's sign-in: the API key, the project it names and what it may do, sealed (AES-256-GCM, the service's
 * secrets key) into an HttpOnly, SameSite=Strict cookie, so the key is never readable by page scripts or from the
 * cookie jar. A session lasts 12 hours from sign-in and ends for every copy of its cookie at sign-out.
 */
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { KEY_SCOPES, type KeyGrant } from '../domain/access.js';
import type { SecretBox } from '../secrets.js';

export interface Session {
  key: string;
  projectId: string;
  /** The project's name and what the key may do, as the API said at sign-in (shown in the top bar). */
  projectName?: string;
  access?: string;
  /** The key's scope and bot, for offering only the actions it may take (the API still decides). */
  grant?: KeyGrant;
}

export type Sealer = Pick<SecretBox, 'seal' | 'open'>;

/** Where sessions live on the server: a cookie is honoured only while its session does. */
export interface SessionStore {
  start(projectId: string, now: Date, expiresAt: Date): Promise<string>;
  live(id: string, now: Date): Promise<boolean>;
  end(id: string): Promise<void>;
}

/** What reading and writing the cookie needs. */
export interface SessionDeps {
  sealer: Sealer;
  sessions: SessionStore;
  /** Whether X-Forwarded-Proto from the proxy in front is believed (TRUST_PROXY). */
  trustProxy?: boolean;
  now?: () => Date;
}

const COOKIE = 'heartbeat_session';
/** How long a sign-in lasts: a working day, after which the key is asked for again. */
export const SESSION_MS = 12 * 60 * 60 * 1000;

const nowOf = (deps: SessionDeps) => deps.now?.() ?? new Date();

/** The cookie's contents when it opens, names a session, and has not expired. */
function sealedContents(c: Context, deps: SessionDeps) {
  const value = getCookie(c, COOKIE);
  if (!value) return undefined;
  try {
    const parsed = JSON.parse(deps.sealer.open(value, 'session')) as Record<string, unknown>;
    const { k, p, s, e } = parsed;
    if (typeof k !== 'string' || typeof p !== 'string' || typeof s !== 'string' || typeof e !== 'number') {
      return undefined;
    }
    if (e <= nowOf(deps).getTime()) return undefined;
    const words = (v: unknown) => (typeof v === 'string' ? v : undefined);
    const scope = KEY_SCOPES.find((g) => g === parsed.g);
    const grant = scope && { scope, bot_id: words(parsed.b) ?? null };
    return { id: s, session: { key: k, projectId: p, projectName: words(parsed.n), access: words(parsed.a), grant } };
  } catch {
    return undefined;
  }
}

export async function readSession(c: Context, deps: SessionDeps): Promise<Session | undefined> {
  const found = sealedContents(c, deps);
  if (!found || !(await deps.sessions.live(found.id, nowOf(deps)))) return undefined;
  return found.session;
}

/** Whether the browser reached us over TLS: the URL, or the trusted proxy's X-Forwarded-Proto. */
function overTls(c: Context, deps: SessionDeps): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true;
  const forwarded = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
  return deps.trustProxy === true && forwarded === 'https';
}

export async function writeSession(c: Context, deps: SessionDeps, session: Session): Promise<void> {
  const now = nowOf(deps);
  const expires = new Date(now.getTime() + SESSION_MS);
  const id = await deps.sessions.start(session.projectId, now, expires);
  const plain = {
    k: session.key,
    p: session.projectId,
    n: session.projectName,
    a: session.access,
    g: session.grant?.scope,
    b: session.grant?.bot_id,
    s: id,
    i: now.getTime(),
    e: expires.getTime(),
  };
  setCookie(c, COOKIE, deps.sealer.seal(JSON.stringify(plain), 'session'), {
    httpOnly: true,
    sameSite: 'Strict',
    path: '/',
    expires,
    secure: overTls(c, deps),
  });
}

/** Ends the session on the server (every copy of the cookie stops working) and in the browser. */
export async function clearSession(c: Context, deps: SessionDeps): Promise<void> {
  const found = sealedContents(c, deps);
  if (found) await deps.sessions.end(found.id);
  deleteCookie(c, COOKIE, { path: '/' });
}
