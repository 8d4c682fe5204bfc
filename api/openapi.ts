/**
 * What every route declaration shares: the app's environment, the JSON helpers, the common
 * schemas and the error answers. Route specs per resource live in routes/<resource>/routes.ts.
 */
import { OpenAPIHono, z, type RouteConfig, type RouteHandler } from '@hono/zod-openapi';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Caller, InProcessBindings } from './access.js';
import type { McpCall } from './mcp/index.js';
import type { ServiceDeps } from './deps.js';
import { ERROR_CODES, REQUIRED, type ErrorCode } from './errors.js';

/**
 * Variables every authenticated handler finds on its context; bindings only the dashboard's
 * in-process calls carry.
 */
export type AppEnv = {
  Variables: {
    owner: Caller;
    deps: ServiceDeps;
    requestId: string;
    mcp?: McpCall;
    /** The read was shed (api/overload.ts). */
    shed?: boolean;
  };
  Bindings: InProcessBindings | undefined;
};

/** Who asks and with what: all an operation's answer needs, whichever surface the request came through. */
export type Requester = Pick<AppEnv['Variables'], 'owner' | 'deps'>;

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

// A field left out says so, whatever it should have been: "required" (detail code `required`),
// rather than zod's "expected string, received undefined".
z.config({ customError: (iss) => (iss.code === 'invalid_type' && iss.input === undefined ? REQUIRED : undefined) });

export const uuid = z.uuid({ error: (iss) => (iss.input === undefined ? REQUIRED : 'must be a UUID') });

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

/** `page` from 1 and `per_page` up to 100 (20 unless a list says otherwise). */
export const pageQueryOf = (perPage: number) => ({
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  per_page: z.coerce.number().int().min(1).max(100).default(perPage),
});
export const pageQuery = pageQueryOf(20);

/**
 * A keyset cursor (`next_cursor` of the page before): opaque to clients, the id of the last row
 * shown inside. One that this API did not give is a 400 `invalid_cursor`.
 */
export const cursorOf = (id: string) => Buffer.from(id, 'utf8').toString('base64url');
export const cursorQuery = text(100)
  .transform((v, ctx) => {
    const id = Buffer.from(v, 'base64url').toString('utf8');
    if (uuid.safeParse(id).success) return id;
    issue(ctx, 'invalid_cursor', 'is not a cursor this API gave (use next_cursor as it came)');
    return z.NEVER;
  })
  .openapi({ description: "The page before's `next_cursor`: the runs after it (`page` is then ignored)" });

export const pagination = z
  .object({
    page: z.number().int(),
    per_page: z.number().int(),
    total: z.number().int(),
    total_pages: z.number().int(),
  })
  .openapi('Pagination');

/** Response fields: ids are UUIDs, times ISO-8601 date-times, counts integers. */
export const id = z.uuid();
export const time = z.iso.datetime();
export const int = z.number().int();

const detail = z
  .object({ field: z.string(), code: z.string(), message: z.string() })
  .openapi('ErrorDetail', { description: 'One problem with one field; its code is stable' });

/** The error body of one status, with the codes that status can carry as an enum. */
function errorBodyOf(status: ContentfulStatusCode) {
  const codes = (Object.keys(ERROR_CODES) as ErrorCode[]).filter((code) => ERROR_CODES[code] === status);
  return z
    .object({
      error: z.object({
        status: z.literal(status),
        code: z.enum(codes as [ErrorCode, ...ErrorCode[]]),
        message: z.string(),
        details: z.array(detail),
        request_id: z.string().optional().openapi({
          description:
            'The X-Request-Id of the request (sent, or made up by the API): quote it when reporting a problem',
        }),
        ...(status === 409 && {
          run_key: z.string().nullable().optional().openapi({
            description:
              'With run_in_progress: the run key of the run in flight (GET /logs?run_key=… shows it once recorded)',
          }),
        }),
      }),
      message: z.string().openapi({ description: 'The same message, for clients that show a top-level one' }),
    })
    .openapi(`Error${status}`);
}

const error = (status: ContentfulStatusCode, description: string) => json(errorBodyOf(status), description);

/** The error answers every authenticated route can give (see api/errors.ts for the codes). */
export const errorResponses = {
  400: error(400, 'Invalid input: each detail says which field and why'),
  401: error(401, 'Missing, invalid or revoked API key'),
  403: error(
    403,
    "Another project, the key's scope or bot, plan without heartbeat, a cap reached, bot heartbeat flag off",
  ),
  404: error(404, 'Not found in this project'),
  429: error(429, 'Rate limited (see the X-RateLimit-* headers and Retry-After)'),
  503: error(503, 'Temporal or PostgreSQL unreachable; try again after Retry-After'),
};

/** …and those of a route that takes a JSON body. */
export const bodyErrorResponses = {
  ...errorResponses,
  413: error(413, 'The body is over 1 MiB'),
  415: error(415, 'The body is not JSON'),
};

/** …and those of a route that takes an Idempotency-Key. */
export const idempotentErrorResponses = {
  ...bodyErrorResponses,
  409: error(
    409,
    'A request with this Idempotency-Key is still being handled, or (trigger) a run is in flight and the overlap policy is skip',
  ),
  422: error(422, 'This Idempotency-Key was used with a different request'),
};
