import { OpenAPIHono, type z } from '@hono/zod-openapi';
import { sql } from 'kysely';
import type { Db } from '../db/client.js';
import { authenticate, type AuthEnv } from './auth.js';
import { docsRoutes } from './docs.js';
import { ApiError, errorBody, renderError, type ErrorDetail } from './errors.js';
import { createRateLimiter, type RateLimiter } from './rate-limit.js';
import { botRoutes } from './routes/bots.js';
import { heartbeatRoutes } from './routes/heartbeats.js';
import { memberRoutes } from './routes/members.js';
import { notificationRoutes, toolRoutes } from './routes/tools.js';
import type { Scheduler } from './scheduler.js';
import type { HeartbeatDeps } from './services/heartbeats.js';

export interface AppDeps {
  db: Db;
  scheduler: Scheduler;
  /** Resolves when Temporal answers; used by /readyz. */
  pingTemporal: () => Promise<void>;
  now?: () => Date;
  log?: (message: string, err?: unknown) => void;
  rateLimiter?: RateLimiter;
}

/** Zod issues → the documented error body, each detail with a stable code. */
function validationError(error: z.ZodError): ApiError {
  const details: ErrorDetail[] = error.issues.map((issue) => ({
    field: issue.path.join('.') || '(body)',
    code: ((issue as { params?: { code?: string } }).params?.code ?? issue.code) as string,
    message: issue.message,
  }));
  const summary = details.map((d) => `${d.field}: ${d.message}`).join('; ');
  return new ApiError('validation_failed', `Invalid request: ${summary}`, details);
}

export function createApp(deps: AppDeps) {
  const log = deps.log ?? ((message: string, err?: unknown) => console.error(message, err));
  const services: HeartbeatDeps = { db: deps.db, scheduler: deps.scheduler, now: deps.now ?? (() => new Date()), log };

  const app = new OpenAPIHono<AuthEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.error);
    },
  });
  app.onError((err, c) => renderError(err, c, (e) => log(`${c.req.method} ${c.req.path} failed`, e)));
  app.notFound((c) => c.json(errorBody(404, 'not_found', `No route ${c.req.method} ${c.req.path}.`), 404));

  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    const [database, temporal] = await Promise.all([
      sql`select 1`.execute(deps.db).then(
        () => 'ok' as const,
        () => 'unreachable' as const,
      ),
      deps.pingTemporal().then(
        () => 'ok' as const,
        () => 'unreachable' as const,
      ),
    ]);
    const ready = database === 'ok' && temporal === 'ok';
    return c.json({ status: ready ? 'ready' : 'not_ready', checks: { database, temporal } }, ready ? 200 : 503);
  });

  app.use('/v1/*', authenticate(deps.db, deps.rateLimiter ?? createRateLimiter()));
  app.route('/v1/bot/heartbeat', heartbeatRoutes(services));
  app.route('/v1/bot/subscriber', memberRoutes(services));
  app.route('/v1/bot/tool', toolRoutes(services));
  app.route('/v1/bot/notification', notificationRoutes(services));
  app.route('/v1/bot', botRoutes(services));

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Heartbeat API',
      version: '1.0.0',
      description:
        'Autonomous agent schedules: configure, run and monitor heartbeats. Compatible with the public Heartbeat API.',
    },
    security: [{ bearer: [] }],
  });
  app.route('/docs', docsRoutes());
  return app;
}

export type App = ReturnType<typeof createApp>;
