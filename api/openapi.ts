/**
 * What every route declaration shares: the app's environment, the JSON helpers, the common
 * schemas and the error answers. Route specs per resource live in routes/<resource>/routes.ts.
 */
import { OpenAPIHono, z, type RouteConfig, type RouteHandler } from '@hono/zod-openapi';
import type { KeyOwner } from '../db/queries/api-keys.js';
import type { ServiceDeps } from './deps.js';

/** Variables every authenticated handler finds on its context. */
export type AppEnv = { Variables: { owner: KeyOwner; deps: ServiceDeps } };

/** A handler typed by its route: request validated and response checked against the spec. */
export type AppRouteHandler<R extends RouteConfig> = RouteHandler<R, AppEnv>;

export function createRouter() {
  return new OpenAPIHono<AppEnv>();
}

/** A JSON request body in a route declaration. */
export function jsonBody<T extends z.ZodType>(schema: T, description = '') {
  return { content: { 'application/json': { schema } }, description, required: true };
}

/** A JSON response in a route declaration. */
export function json<T extends z.ZodType>(schema: T, description: string) {
  return { content: { 'application/json': { schema } }, description };
}

export const uuid = z.uuid({ message: 'must be a UUID' });

/** A custom issue carries a stable `code` in its params; app.ts turns it into the detail's code. */
export const issue = (ctx: z.RefinementCtx, code: string, message: string) =>
  ctx.addIssue({ code: 'custom', message, params: { code } });

/**
 * Text the database can store: PostgreSQL refuses the NUL character, so it is refused here, with
 * a 400, rather than there, with a fault.
 */
export const text = (max: number) =>
  z
    .string()
    .max(max)
    .superRefine((v, ctx) => {
      if (v.includes('\u0000')) issue(ctx, 'invalid_characters', 'must not contain NUL characters');
    })
    .openapi({ pattern: '^[^\\u0000]*$' });

/** A date-time the service can count days around: years 1970 to 9999. */
export const dateTime = z.iso.datetime({ offset: true }).superRefine((v, ctx) => {
  const t = Date.parse(v);
  if (!(t >= Date.UTC(1970, 0, 1) && t <= Date.UTC(9999, 11, 30))) {
    issue(ctx, 'out_of_range', 'must be between 1970-01-01 and 9999-12-30');
  }
});
export const projectId = uuid.openapi({ description: "Your project; must be the API key's project" });

export const pageQuery = {
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  per_page: z.coerce.number().int().min(1).max(100).default(20),
};

export const pagination = z
  .object({ page: z.number(), per_page: z.number(), total: z.number(), total_pages: z.number() })
  .openapi('Pagination');

export const errorResponse = z
  .object({
    error: z.object({
      status: z.number(),
      code: z.string(),
      message: z.string(),
      details: z.array(z.object({ field: z.string(), code: z.string(), message: z.string() })),
    }),
    message: z.string(),
  })
  .openapi('Error');

const error = (description: string) => json(errorResponse, description);

/** The error answers every authenticated route can give (see api/errors.ts for the codes). */
export const errorResponses = {
  400: error('Invalid input (validation_failed, invalid_json, interval_below_plan_minimum)'),
  401: error('Missing, invalid or revoked API key'),
  403: error('Another project, plan without heartbeat, per-bot cap, bot heartbeat flag off'),
  404: error('Not found in this project'),
  429: error('Rate limited; see the X-RateLimit-* headers'),
  503: error('Temporal or PostgreSQL unreachable'),
};

/** …and those of a route that takes a JSON body. */
export const bodyErrorResponses = {
  ...errorResponses,
  413: error('The body is over 1 MiB (payload_too_large)'),
  415: error('The body is not JSON (unsupported_media_type)'),
};

/** …and those of a route that takes an Idempotency-Key. */
export const idempotentErrorResponses = {
  ...bodyErrorResponses,
  409: error('A request with this Idempotency-Key is still being handled (idempotency_key_in_progress)'),
  422: error('This Idempotency-Key was used with a different request (idempotency_key_reused)'),
};
