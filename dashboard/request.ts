/**
 * What every dashboard route shares: its dependencies, the signed-in guard, the form readers, and
 * the API reads more than one page makes.
 */
import type { Context } from 'hono';
import { clientFor, HeartbeatApiError, unwrap, type ApiFetch, type HeartbeatClient } from './api.js';
import type { SignedIn } from './layout.js';
import type { FormValues } from './pages/form.js';
import { readSession, type Session, type SessionDeps } from './session.js';

export interface DashboardDeps extends SessionDeps {
  /** The API's own fetch handler. */
  api: ApiFetch;
  /** The Temporal Web UI and namespace, for links to a heartbeat's workflow: only when the operator set it. */
  temporalUi?: { url: string; namespace: string };
}

/** A signed-in request: its session and a client speaking with its key. */
export interface Signed {
  session: Session;
  hb: HeartbeatClient;
  projectId: string;
  /** What the top bar says: the project and what the key may do. */
  who: SignedIn;
}

export const whoOf = (session: Session): SignedIn => ({
  projectId: session.projectId,
  projectName: session.projectName,
  access: session.access,
  grant: session.grant,
});

/** A signed-in page's handler. */
export type Handler = (c: Context, s: Signed) => Response | Promise<Response>;

/** Signed-in pages: without a session, to the sign-in page and back after it. */
export const signedIn = (deps: DashboardDeps) => (handler: Handler) => async (c: Context) => {
  const session = await readSession(c, deps);
  if (!session) return c.redirect(`/sign-in?next=${encodeURIComponent(c.req.path)}`, 303);
  const hb = clientFor(deps.api, session, c.get('requestId') as string | undefined);
  return handler(c, { session, hb, projectId: session.projectId, who: whoOf(session) });
};

export const clock = (deps: DashboardDeps) => deps.now ?? (() => new Date());

export const formOf = async (c: Context): Promise<FormValues> =>
  (await c.req.parseBody({ all: true })) as unknown as FormValues;
export const listed = (v: FormValues[string] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
export const text = (v: FormValues[string] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim() ?? '';
export const failureOf = (err: unknown) =>
  err instanceof HeartbeatApiError ? { message: err.message, code: err.code } : undefined;
/** What the action a redirect came from did, said on the page it lands on (`?done=saved`). */
const DONE: Record<string, string> = {
  created: 'Heartbeat created.',
  saved: 'Changes saved.',
  deleted: 'Heartbeat deleted.',
};
export const doneNotice = (c: Context) => DONE[c.req.query('done') ?? ''];

export const isHtmx = (c: Context) => c.req.header('hx-request') === 'true';

/** The project's bots and (the first 100) members, for pickers and names. */
export const botsAndMembers = async (s: Signed) => {
  const [bots, members] = await Promise.all([
    unwrap(s.hb.GET('/v1/bot/readall', { params: { query: { project_id: s.projectId, per_page: 100 } } })),
    unwrap(s.hb.GET('/v1/bot/subscriber/readall', { params: { query: { project_id: s.projectId, per_page: 100 } } })),
  ]);
  return { bots: bots.bots, members: members.members.map((m) => ({ uuid: m.uuid, name: m.name ?? m.uuid })) };
};

export const readHeartbeat = async (s: Signed, id: string) =>
  (
    await unwrap(
      s.hb.GET('/v1/bot/heartbeat/read', { params: { query: { project_id: s.projectId, heartbeat_id: id } } }),
    )
  ).heartbeat;
