/**
 * The API as one Hono app: middleware (request id, metrics, body limits, auth), the /v1 routers,
 * the MCP server at /mcp, health, OpenAPI, docs and the dashboard.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { contextStorage, tryGetContext } from 'hono/context-storage';
import { requestId } from 'hono/request-id';
import { createDashboard, notFoundPage } from '../dashboard/index.js';
import type { SessionStore } from '../dashboard/session.js';
import { endSession, sessionLive, startSession } from '../db/queries/sessions.js';
import { pingDatabase, type Db } from '../db/client.js';
import type { Surface } from '../domain/access.js';
import { surfaceOf } from './access.js';
import { authenticate } from './auth.js';
import type { ServiceDeps } from './deps.js';
import { docsRoutes } from './docs.js';
import type { KeyCache } from './key-cache.js';
import type { LoadShedder } from './overload.js';
import { ApiError, errorBody, renderError, validationError } from './errors.js';
import type { AppEnv } from './openapi.js';
import { createRateLimiter, type RateLimiter } from './rate-limit.js';
import { routeCheck } from './route-check.js';
import { botRouter } from './routes/bots/index.js';
import { heartbeatRouter } from './routes/heartbeats/index.js';
import { keyRouter } from './routes/keys/index.js';
import { mcpRoutes, type McpCall } from './mcp/index.js';
import { HEARTBEAT_TOOLS } from './mcp/tools.js';
import { memberRouter } from './routes/members/index.js';
import { notificationRouter } from './routes/notifications/index.js';
import { toolRouter } from './routes/tools/index.js';
import type { OutboundPolicy } from '../outbound/policy.js';
import type { SecretBox } from '../secrets.js';
import type { Metrics } from '../telemetry/metrics.js';
import type { TemporalGateway } from './temporal.js';

export interface AppDeps {
  db: Db;
  temporal: TemporalGateway;
  now?: () => Date;
  log?: (message: string, err?: unknown) => void;
  rateLimiter?: RateLimiter;
  /** Request counts and durations, served at GET /metrics. */
  metrics?: Metrics;
  /** What API keys grant, remembered while changes are heard. */
  keyCache?: KeyCache;
  /** Where webhooks and MCP servers may point (default: public addresses only). */
  outbound?: OutboundPolicy;
  /** Seals secrets before they are stored (the worker opens them with the same key). */
  secrets: SecretBox;
  /** How long a trigger waits for its run before answering 202 (default 55 s). */
  triggerWaitMs?: number;
  /** Sheds reads while runs are late (api/overload.ts); none in tests that do not ask for it. */
  shedder?: LoadShedder;
  /** Called once per request, after the answer (the request log). */
  requestLog?: (entry: RequestLogEntry) => void;
  /**
   * Where the dashboard links workflows; without it, no link. The Web UI shows the whole namespace,
   * so it is linked only where the operator chose to (TEMPORAL_UI_URL).
   */
  temporalUi?: { url: string; namespace: string };
  /** Whether X-Forwarded-Proto from the proxy in front is believed: the session cookie is Secure behind TLS. */
  trustProxy?: boolean;
}

/** One line of the request log. */
export interface RequestLogEntry {
  method: string;
  /** The route's pattern (`/v1/bot/heartbeat/read`), or the path when no route matched. */
  route: string;
  status: number;
  duration_ms: number;
  request_id: string;
  project_id?: string;
  /** The surface the request came through: `api`, `mcp` or `dashboard` (its in-process calls). */
  via: Surface;
  /** An MCP request's method (and tool): `tools/call configure_heartbeat`. */
  mcp?: string;
  /** The error code of a refused MCP tool call (answered 200 with `isError`). */
  mcp_error?: string;
  /** A read shed while runs were late (503 `overloaded`). */
  shed?: true;
}

const MAX_BODY_BYTES = 1024 * 1024;

const mcpFields = (seen: McpCall | undefined) =>
  seen ? { mcp: seen.call, ...(seen.error && { mcp_error: seen.error }) } : {};

/** Resolves to 'ok' or 'unreachable', never rejects. */
const probe = (check: () => Promise<unknown>) =>
  check().then(
    () => 'ok' as const,
    () => 'unreachable' as const,
  );

export function createApp(deps: AppDeps) {
  const log = deps.log ?? ((message: string, err?: unknown) => console.error(message, err));
  const services: ServiceDeps = {
    db: deps.db,
    temporal: deps.temporal,
    now: deps.now ?? (() => new Date()),
    log,
    outbound: deps.outbound ?? { allowPrivate: false },
    secrets: deps.secrets,
    triggerWaitMs: deps.triggerWaitMs ?? 55_000,
  };

  const sessionDeps = {
    sealer: deps.secrets,
    sessions: sessionStore(deps.db),
    trustProxy: deps.trustProxy,
    now: deps.now,
  };
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.error);
    },
  });
  app.onError((err, c) => renderError(err, c, (e) => log(`${c.req.method} ${c.req.path} failed`, e)));
  // A browser outside the API is shown a page; everything else, the JSON error.
  app.notFound((c) =>
    !c.req.path.startsWith('/v1/') && (c.req.header('accept') ?? '').includes('text/html')
      ? notFoundPage(c, sessionDeps)
      : c.json(errorBody(404, 'not_found', `No route ${c.req.method} ${c.req.path}.`, [], c.get('requestId')), 404),
  );

  // X-Request-Id: the caller's, or a new one; answered back and quoted in every error body.
  app.use('*', requestId({ headerName: 'X-Request-Id', limitLength: 200 }));
  const metrics = deps.metrics;
  const requestLog = deps.requestLog;
  if (metrics || requestLog) {
    app.use('*', async (c, next) => {
      const started = performance.now();
      await next();
      const seconds = (performance.now() - started) / 1000;
      // The route's pattern, not the path: ids would make every request a series of its own.
      const route = c.req.routePath.includes('*') ? c.req.path : c.req.routePath;
      if (metrics) {
        const labels = { method: c.req.method, route: c.req.routePath, status: String(c.res.status) };
        metrics.httpRequests.inc(labels);
        metrics.httpDuration.observe(labels, seconds);
      }
      requestLog?.({
        method: c.req.method,
        route,
        status: c.res.status,
        duration_ms: Math.round(seconds * 1000),
        request_id: c.get('requestId'),
        project_id: c.get('owner')?.project.id,
        via: surfaceOf(c.env, c.req.path),
        ...mcpFields(c.get('mcp')),
        ...(c.get('shed') && { shed: true as const }),
      });
    });
  }
  if (metrics) {
    app.get('/metrics', async (c) =>
      c.body(await metrics.registry.metrics(), 200, { 'content-type': metrics.registry.contentType }),
    );
  }

  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    const [database, temporal] = await Promise.all([
      probe(() => pingDatabase(deps.db)),
      probe(() => deps.temporal.ping()),
    ]);
    const ready = database === 'ok' && temporal === 'ok';
    return c.json({ status: ready ? 'ready' : 'not_ready', checks: { database, temporal } }, ready ? 200 : 503);
  });

  // One key check, one rate limit and one set of body limits for REST and MCP alike.
  const rateLimiter = deps.rateLimiter ?? createRateLimiter(deps.db);
  // Bodies are JSON and at most 1 MiB: anything else is refused before it is read. GET and HEAD
  // carry none, and asking for one would make the Node adapter build a full Web Request per read.
  const limitBody = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: (c) =>
      c.json(errorBody(413, 'payload_too_large', 'The request body is over 1 MiB.', [], c.get('requestId')), 413),
  });
  app.use(
    '/v1/*',
    routeCheck(() => app.routes),
  );
  for (const path of ['/v1/*', '/mcp']) {
    app.use(path, async (c, next) => {
      c.set('deps', services);
      await next();
    });
    app.use(path, (c, next) => (c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limitBody(c, next)));
    app.use(path, async (c, next) => {
      if (
        ['POST', 'PUT', 'PATCH'].includes(c.req.method) &&
        !/^application\/json\s*(;|$)/i.test(c.req.header('content-type') ?? '')
      ) {
        throw new ApiError('unsupported_media_type', 'Send the request body as JSON (Content-Type: application/json).');
      }
      await next();
    });
    app.use(path, authenticate(deps.db, rateLimiter, deps.keyCache));
  }
  if (deps.shedder) app.use('/v1/*', deps.shedder.middleware);
  app.route('/v1/bot/heartbeat', heartbeatRouter);
  app.route('/v1/bot/subscriber', memberRouter);
  app.route('/v1/bot/tool', toolRouter);
  app.route('/v1/bot/notification', notificationRouter);
  app.route('/v1/bot', botRouter);
  app.route('/v1/key', keyRouter);
  // Tools take the inputs this document gives their routes.
  app.route(
    '/mcp',
    mcpRoutes(() => app.getOpenAPI31Document({ openapi: '3.1.0', info: { title: 'Heartbeat API', version: '1.0.0' } })),
  );

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  app.doc31('/openapi.json', (c) => ({
    openapi: '3.1.0',
    info: {
      title: 'Heartbeat API',
      version: '1.0.0',
      description:
        'Autonomous agent schedules: configure, run and monitor heartbeats. Compatible with the public Heartbeat API. ' +
        "Every request carries `Authorization: Bearer <API key>` and the key's `project_id`. Errors answer " +
        '`{ error: { status, code, message, details }, message }` with a stable `code`. ' +
        'The same operations are offered as an MCP server (streamable HTTP, stateless) at `/mcp`: tools ' +
        `${HEARTBEAT_TOOLS.map((t) => `\`${t.name}\``).join(', ')} ` +
        'taking the inputs documented here (without `project_id`), resources ' +
        '`heartbeat://<id>` and the prompt `set_up_heartbeat`, with the same key, scopes, rate limit and error ' +
        'codes (a refused tool call is an `isError` result carrying this error body).',
      license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
      contact: { name: 'Heartbeat', url: new URL('/docs', c.req.url).toString() },
    },
    // The API this document came from (an absolute URL, so generated clients need no base).
    servers: [{ url: new URL('/', c.req.url).toString().replace(/\/$/, ''), description: 'This API' }],
    tags: [
      { name: 'Heartbeats', description: "Schedules that run a bot's agent, their runs, logs and stats" },
      { name: 'Bots', description: 'The bots heartbeats run, and their heartbeat flag and webhook' },
      { name: 'Members', description: "The project's subscribers, whom heartbeats may notify" },
      { name: 'Tools', description: 'MCP servers connected to a bot, offered to its agent' },
      { name: 'Notifications', description: 'What notify_user stored' },
      { name: 'Keys', description: 'The API key in use: its project and scope' },
    ],
    security: [{ bearer: [] }],
  }));
  app.route('/docs', docsRoutes());
  // The dashboard: pages at /, reading and acting through this API in process.
  const pageContext = contextStorage();
  const pageConnection = () => (tryGetContext()?.env as { incoming?: unknown } | undefined)?.incoming;
  app.use('*', (c, next) => (c.req.path.startsWith('/v1/') ? next() : pageContext(c, next)));
  app.route(
    '/',
    createDashboard({
      // Marked as the dashboard's: a change made here is recorded as made through the dashboard.
      // The page's connection goes along too, for the limit on unknown keys.
      api: (request) => app.fetch(request, { via: 'dashboard', incoming: pageConnection() }),
      ...sessionDeps,
      temporalUi: deps.temporalUi,
    }),
  );
  return app;
}

export type App = ReturnType<typeof createApp>;

/** The dashboard's sessions, in the database: every API process sees a sign-out at once. */
function sessionStore(db: Db): SessionStore {
  return {
    start: (projectId, now, expiresAt) => startSession(db, projectId, now, expiresAt),
    live: (id, now) => sessionLive(db, id, now),
    end: (id) => endSession(db, id),
  };
}
