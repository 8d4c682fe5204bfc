/** Sign-in with an API key alone (the API names its project before the session is sealed), and sign-out. */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { csrf } from 'hono/csrf';
import { clientFor, unwrap } from '../api.js';
import { SignInPage } from '../pages/sign-in.js';
import { failureOf, formOf, text, type DashboardDeps } from '../request.js';
import { clearSession, writeSession, type Session } from '../session.js';

/** A sign-in form is a key and a path: anything larger is refused unread. */
const SIGN_IN_MAX_BYTES = 16 * 1024;

/**
 * `next` as a path on this site, or `/`: parsed the way a browser parses a Location (backslashes
 * as slashes, tabs and newlines dropped), so no spelling of another host can leave the origin.
 */
export function localPath(next: string): string {
  const base = 'http://dashboard.invalid';
  if (!next.startsWith('/')) return '/';
  const url = URL.canParse(next, base) ? new URL(next, base) : null;
  return url?.origin === base ? url.pathname + url.search + url.hash : '/';
}

export function signInRoutes(deps: DashboardDeps) {
  const app = new Hono();
  app.get('/sign-in', (c) => c.html(<SignInPage next={c.req.query('next')} />));
  app.post(
    '/sign-in',
    bodyLimit({ maxSize: SIGN_IN_MAX_BYTES, onError: (c) => c.text('The form is too large.', 413) }),
    csrf(),
    async (c) => {
      const form = await formOf(c);
      const key = text(form.api_key);
      const next = localPath(text(form.next));
      let session: Session;
      try {
        // The key names its project: the API says which, and what the key may do, before it is kept.
        const grant = await unwrap(clientFor(deps.api, { key }).GET('/v1/key'));
        session = {
          key,
          projectId: grant.project.id,
          projectName: grant.project.name,
          access: grant.key.access,
          grant: { scope: grant.key.scope, bot_id: grant.key.bot_id },
        };
      } catch (err) {
        const failure = failureOf(err) ?? { message: 'The API did not answer.', code: 'internal_error' };
        return c.html(<SignInPage next={next} {...failure} />, 401);
      }
      await writeSession(c, deps, session);
      return c.redirect(next, 303);
    },
  );
  app.post('/sign-out', csrf(), async (c) => {
    await clearSession(c, deps);
    return c.redirect('/sign-in', 303);
  });
  return app;
}
