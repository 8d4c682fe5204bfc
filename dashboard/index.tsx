/**
 * The dashboard at `/`: server-rendered pages (Hono JSX), progressively enhanced with htmx (served
 * from node_modules, no CDN). Every read and action goes through the public API in process with
 * the signed-in key, so the pages show exactly the API's answers and its validation errors.
 * Each page's routes live in routes/<page>.tsx.
 */
import { Hono, type Context } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { HeartbeatApiError } from './api.js';
import { ErrorPage } from './pages/error.js';
import { whoOf, type DashboardDeps } from './request.js';
import { assetRoutes } from './routes/assets.js';
import { botRoutes } from './routes/bots.js';
import { formRoutes } from './routes/form.js';
import { heartbeatRoutes } from './routes/heartbeat.js';
import { heartbeatListRoutes } from './routes/heartbeats.js';
import { runRoutes } from './routes/run.js';
import { signInRoutes } from './routes/sign-in.js';
import { versionRoutes } from './routes/versions.js';
import { clearSession, readSession, type SessionDeps } from './session.js';

export type { DashboardDeps };

/** A page that does not exist, as a browser is shown it outside the API: the nav kept when signed in. */
export async function notFoundPage(c: Context, deps: SessionDeps) {
  const session = await readSession(c, deps);
  return c.html(
    <ErrorPage
      status={404}
      message={`There is no page at ${c.req.path}.`}
      requestId={c.get('requestId') as string | undefined}
      signedIn={session && { projectId: session.projectId }}
    />,
    404,
  );
}

/**
 * What the pages may load: scripts, styles, images and requests from this origin only; style
 * attributes inline (the charts' colours; htmx's indicator style); no plugins, frames or base.
 */
export const PAGES_CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
  objectSrc: ["'none'"],
};

export function createDashboard(deps: DashboardDeps) {
  const app = new Hono();
  // nosniff, frame-ancestors by X-Frame-Options, HSTS (honoured over TLS only); the referrer stays
  // on this origin so form posts keep their Origin header for the CSRF check. The pages load only
  // this origin's script (htmx) and run none inline, so an injected <script> would not run.
  app.use('*', secureHeaders({ referrerPolicy: 'same-origin', contentSecurityPolicy: PAGES_CSP }));

  // Errors the pages do not handle themselves: a key revoked meanwhile signs out; the rest say what happened.
  app.onError(async (err, c) => {
    if (err instanceof HeartbeatApiError && err.status === 401) {
      await clearSession(c, deps);
      return c.redirect('/sign-in', 303);
    }
    const status = err instanceof HeartbeatApiError && err.status >= 400 ? err.status : 500;
    const message =
      err instanceof HeartbeatApiError ? err.message : 'Something went wrong on our side; the error is in the API log.';
    const session = await readSession(c, deps);
    return c.html(
      <ErrorPage
        status={status}
        message={message}
        requestId={c.get('requestId') as string | undefined}
        signedIn={session && whoOf(session)}
      />,
      status as 404,
    );
  });

  app.route('/', assetRoutes());
  app.route('/', signInRoutes(deps));
  app.route('/', heartbeatListRoutes(deps));
  // Before the heartbeat's own routes: /heartbeats/new is the form, not a heartbeat called "new".
  app.route('/', formRoutes(deps));
  app.route('/', heartbeatRoutes(deps));
  app.route('/', runRoutes(deps));
  app.route('/', versionRoutes(deps));
  app.route('/', botRoutes(deps));
  return app;
}
