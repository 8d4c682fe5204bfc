import type { z } from '@hono/zod-openapi';
import { errorResponse } from './schemas.js';

/** A JSON body or response in a route declaration. */
export function json<T extends z.ZodType>(schema: T, description = '') {
  return { content: { 'application/json': { schema } }, description, required: true };
}

const error = (description: string) => ({ content: { 'application/json': { schema: errorResponse } }, description });

/** The error answers every authenticated route can give (see api/errors.ts for the codes). */
export const errorResponses = {
  400: error('Invalid input (validation_failed, invalid_json, interval_below_plan_minimum)'),
  401: error('Missing, invalid or revoked API key'),
  403: error('Another project, plan without heartbeat, per-bot cap, bot heartbeat flag off'),
  404: error('Not found in this project'),
  429: error('Rate limited; see the X-RateLimit-* headers'),
  503: error('Temporal or PostgreSQL unreachable'),
};
