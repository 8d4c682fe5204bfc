/** The API's error codes, the ApiError every layer throws, and the one place errors become responses. */
import type { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { DatabaseBusyError, DatabaseUnavailableError } from '../db/client.js';
import { TemporalBusyError, TemporalUnavailableError } from './temporal.js';

/**
 * Every error the API answers with, by stable code. The body is
 * `{ error: { status, code, message, details }, message }`.
 */
export const ERROR_CODES = {
  invalid_json: 400,
  validation_failed: 400,
  interval_below_plan_minimum: 400,
  schedule_never_runs: 400,
  adaptive_requires_interval: 400,
  payload_too_large: 413,
  unsupported_media_type: 415,
  idempotency_key_reused: 422,
  idempotency_key_in_progress: 409,
  run_in_progress: 409,
  missing_api_key: 401,
  invalid_api_key: 401,
  revoked_api_key: 401,
  project_mismatch: 403,
  insufficient_scope: 403,
  bot_outside_key_scope: 403,
  plan_without_heartbeat: 403,
  heartbeat_limit_reached: 403,
  heartbeat_not_enabled: 403,
  bot_limit_reached: 403,
  member_limit_reached: 403,
  tool_limit_reached: 403,
  not_found: 404,
  method_not_allowed: 405,
  heartbeat_not_found: 404,
  bot_not_found: 404,
  member_not_found: 404,
  tool_not_found: 404,
  rate_limited: 429,
  trigger_busy: 429,
  database_unavailable: 503,
  temporal_unavailable: 503,
  overloaded: 503,
  internal_error: 500,
} as const satisfies Record<string, ContentfulStatusCode>;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface ErrorDetail {
  field: string;
  code: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: ContentfulStatusCode;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
    /** Sent as Retry-After: when trying again makes sense (429, 503, 409). */
    readonly retryAfterSeconds?: number,
    /** Fields of the error object beyond the common ones (`run_key` of run_in_progress). */
    readonly extra?: Record<string, string | null>,
  ) {
    super(message);
    this.status = ERROR_CODES[code];
  }
}

export function errorBody(
  status: number,
  code: string,
  message: string,
  details: ErrorDetail[] = [],
  requestId?: string,
  extra?: Record<string, string | null>,
) {
  return {
    error: { status, code, message, details, ...(requestId && { request_id: requestId }), ...extra },
    message,
  };
}

/** A field-level validation error with its own stable code. */
export function invalidField(field: string, code: string, message: string): ApiError {
  return new ApiError('validation_failed', `${field}: ${message}`, [{ field, code, message }]);
}

/** What a field left out says (openapi.ts has zod say it); its detail code is `required`. */
export const REQUIRED = 'required';

/** Zod issues → the documented error body, each detail with a stable code. */
export function validationError(error: z.ZodError): ApiError {
  const details: ErrorDetail[] = error.issues.map((issue) => ({
    field: issue.path.join('.') || '(body)',
    code:
      (issue as { params?: { code?: string } }).params?.code ??
      (issue.code === 'invalid_type' && issue.message === REQUIRED ? 'required' : issue.code),
    message: issue.message,
  }));
  const summary = details.map((d) => `${d.field}: ${d.message}`).join('; ');
  return new ApiError('validation_failed', `Invalid request: ${summary}`, details);
}

/**
 * Faults of the database or of Temporal are the service being unavailable, never a crash.
 * Classified by the errors' types: the database layer and the Temporal gateway translate
 * driver and gRPC failures into them.
 */
export function classify(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof HTTPException) {
    if (err.status === 400) return new ApiError('invalid_json', 'The request body is not valid JSON.');
    return new ApiError('internal_error', err.message);
  }
  if (err instanceof DatabaseUnavailableError || err instanceof DatabaseBusyError) {
    return new ApiError('database_unavailable', 'The database is unreachable; try again shortly.');
  }
  if (err instanceof TemporalUnavailableError || err instanceof TemporalBusyError) {
    return new ApiError('temporal_unavailable', 'The scheduler (Temporal) is unreachable; try again shortly.');
  }
  return new ApiError('internal_error', 'Something went wrong on our side.');
}

export function renderError(err: unknown, c: Context, log?: (err: unknown) => void) {
  const apiError = classify(err);
  if (apiError.status >= 500) log?.(err);
  const retryAfter = apiError.retryAfterSeconds ?? (apiError.status === 503 ? 5 : undefined);
  if (retryAfter !== undefined) c.header('Retry-After', String(retryAfter));
  return c.json(
    errorBody(apiError.status, apiError.code, apiError.message, apiError.details, c.get('requestId'), apiError.extra),
    apiError.status,
  );
}
