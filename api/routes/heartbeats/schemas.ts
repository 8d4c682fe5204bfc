import { z } from '@hono/zod-openapi';
import { HEARTBEAT_STATES, RUN_STATUSES, RUN_TYPES } from '../../../domain/heartbeat.js';
import { isValidTimezone, parseClock, parseCron, parseDays } from '../../../domain/schedule.js';
import { pageQuery, projectId, uuid } from '../../openapi.js';

/** A custom issue carries a stable `code` in its params; app.ts turns it into the detail's code. */
const custom = (ctx: z.RefinementCtx, code: string, message: string) =>
  ctx.addIssue({ code: 'custom', message, params: { code } });

/** true | false | 1 | 0 | "true" | "false" | "1" | "0", as the public API accepts. */
export const flag = z
  .union([z.boolean(), z.literal(0), z.literal(1), z.enum(['true', 'false', '0', '1'])])
  .transform((v) => v === true || v === 1 || v === 'true' || v === '1')
  .openapi({ type: 'boolean' });

const clock = z.string().superRefine((v, ctx) => {
  if (parseClock(v) === undefined) custom(ctx, 'invalid_time', 'must be "HH:MM" (00:00–23:59, or 24:00 as an end)');
});
const startClock = clock.superRefine((v, ctx) => {
  if (v === '24:00') custom(ctx, 'invalid_time', 'a window cannot start at 24:00');
});
const days = z.string().superRefine((v, ctx) => {
  if (!parseDays(v)) custom(ctx, 'invalid_active_days', 'must be comma-separated weekdays 1–7 (1 = Monday)');
});
const timezone = z.string().superRefine((v, ctx) => {
  if (!isValidTimezone(v)) custom(ctx, 'invalid_timezone', `"${v}" is not an IANA time zone`);
});
const cron = z.string().superRefine((v, ctx) => {
  try {
    parseCron(v);
  } catch (err) {
    custom(ctx, 'invalid_cron_pattern', `not a valid 5-field cron pattern: ${(err as Error).message}`);
  }
});

export const configureBody = z
  .object({
    project_id: projectId,
    bot_id: uuid,
    heartbeat_id: uuid.optional().openapi({ description: 'Omit to create; give to update only the fields sent' }),
    prompt: z.string().trim().min(1).max(20_000).optional(),
    interval_minutes: z.number().int().min(1).max(525_600).nullable().optional(),
    cron_pattern: cron.nullable().optional(),
    enabled: flag.optional(),
    active_hours_start: startClock.nullable().optional(),
    active_hours_end: clock.nullable().optional(),
    active_days: days.nullable().optional(),
    timezone: timezone.optional(),
    credit_budget: z.number().int().min(0).nullable().optional(),
    max_consecutive_errors: z.number().int().min(1).max(1000).optional(),
    jitter_seconds: z
      .number()
      .int()
      .min(0)
      .max(3600)
      .optional()
      .openapi({ description: 'Run each occurrence up to this many seconds late, spread per occurrence (default 0)' }),
    member_id: uuid.nullable().optional(),
  })
  .superRefine((body, ctx) => {
    if (body.interval_minutes != null && body.cron_pattern != null) {
      ctx.addIssue({
        code: 'custom',
        path: ['cron_pattern'],
        message: 'give interval_minutes or cron_pattern, not both',
        params: { code: 'cadence_conflict' },
      });
    }
  })
  .openapi('ConfigureHeartbeat');
export type ConfigureBody = z.infer<typeof configureBody>;

export const heartbeatRef = z.object({ project_id: projectId, heartbeat_id: uuid }).openapi('HeartbeatRef');

export const heartbeat = z
  .object({
    uuid: z.string(),
    bot_id: z.string(),
    member_id: z.string().nullable(),
    prompt: z.string(),
    interval_minutes: z.number().nullable(),
    cron_pattern: z.string().nullable(),
    enabled: z.boolean(),
    active_hours_start: z.string().nullable(),
    active_hours_end: z.string().nullable(),
    active_days: z.string().nullable(),
    timezone: z.string(),
    credit_budget: z.number().nullable(),
    credits_used: z.number(),
    last_executed_at: z.string().nullable(),
    last_status: z.string().nullable(),
    execution_count: z.number(),
    error_count: z.number(),
    max_consecutive_errors: z.number(),
    jitter_seconds: z.number(),
    created_at: z.string(),
    updated_at: z.string(),
    next_run_at: z.string().nullable(),
    state: z.enum(HEARTBEAT_STATES),
    paused_reason: z.string().nullable(),
    consecutive_errors: z.number(),
    version: z.number(),
  })
  .openapi('Heartbeat');

export const runResult = z
  .object({
    status: z.enum(RUN_STATUSES),
    response: z.string().nullable(),
    duration_ms: z.number(),
    tokens_used: z.number(),
    credits_charged: z.number(),
    error_message: z.string().nullable().optional(),
    reason: z.string().nullable().optional(),
  })
  .openapi('RunResult');

export const listHeartbeatsQuery = z.object({ project_id: projectId, bot_id: uuid, member_id: uuid.optional() });
export const logsQuery = z.object({
  project_id: projectId,
  heartbeat_id: uuid.optional(),
  member_id: uuid.optional(),
  bot_id: uuid.optional(),
  status: z.enum(RUN_STATUSES).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  ...pageQuery,
});
export const statsQuery = z.object({
  project_id: projectId,
  days: z.coerce.number().int().min(1).max(365).default(30),
  heartbeat_id: uuid.optional(),
  member_id: uuid.optional(),
  bot_id: uuid.optional(),
});

export const logEntry = z
  .object({
    uuid: z.string(),
    heartbeat_id: z.string(),
    member_id: z.string().nullable(),
    type: z.enum(RUN_TYPES),
    status: z.enum(RUN_STATUSES),
    reason: z.string().nullable(),
    missed_count: z.number().nullable(),
    prompt: z.string(),
    response: z.string().nullable(),
    duration_ms: z.number(),
    tokens_used: z.number(),
    credits_charged: z.number(),
    error_message: z.string().nullable(),
    scheduled_for: z.string().nullable(),
    created_at: z.string(),
  })
  .openapi('LogEntry');

export const stats = z
  .object({
    total_executions: z.number(),
    success_count: z.number(),
    error_count: z.number(),
    skipped_count: z.number(),
    success_rate: z.number(),
    total_tokens: z.number(),
    total_credits: z.number(),
    avg_duration_ms: z.number(),
    active_heartbeats: z.number(),
    by_type: z.record(z.string(), z.number()),
    time_series: z.array(
      z.object({ date: z.string(), total: z.number(), success: z.number(), error: z.number(), skipped: z.number() }),
    ),
  })
  .openapi('Stats');
