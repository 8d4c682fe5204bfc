import { z } from '@hono/zod-openapi';
import { HEARTBEAT_STATES, RUN_STATUSES, RUN_TYPES } from '../../../domain/heartbeat.js';
import { isValidTimezone, parseClock, parseCron, parseDays } from '../../../domain/schedule.js';
import { dateTime, issue as custom, pageQuery, projectId, text, uuid } from '../../openapi.js';

/** true | false | 1 | 0 | "true" | "false" | "1" | "0", as the public API accepts. */
export const flag = z
  .union([z.boolean(), z.literal(0), z.literal(1), z.enum(['true', 'false', '0', '1'])])
  .transform((v) => v === true || v === 1 || v === 'true' || v === '1')
  .openapi({ type: 'boolean' });

const clock = text(10).superRefine((v, ctx) => {
  if (parseClock(v) === undefined) custom(ctx, 'invalid_time', 'must be "HH:MM" (00:00–23:59, or 24:00 as an end)');
});
const startClock = clock.superRefine((v, ctx) => {
  if (v === '24:00') custom(ctx, 'invalid_time', 'a window cannot start at 24:00');
});
const days = text(40).superRefine((v, ctx) => {
  if (!parseDays(v)) custom(ctx, 'invalid_active_days', 'must be comma-separated weekdays 1–7 (1 = Monday)');
});
const timezone = text(100).superRefine((v, ctx) => {
  if (!isValidTimezone(v)) custom(ctx, 'invalid_timezone', `"${v}" is not an IANA time zone`);
});
const cron = text(200).superRefine((v, ctx) => {
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
    prompt: text(20_000).trim().min(1).optional(),
    interval_minutes: z.number().int().min(1).max(525_600).nullable().optional(),
    cron_pattern: cron.nullable().optional(),
    enabled: flag.optional(),
    active_hours_start: startClock.nullable().optional(),
    active_hours_end: clock.nullable().optional(),
    active_days: days.nullable().optional(),
    timezone: timezone.optional(),
    credit_budget: z.number().int().min(0).max(1_000_000_000).nullable().optional(),
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
    overdue: z.boolean().openapi({
      description: 'The next run is more than 6 minutes late: the workflow is not running it (workers down?)',
    }),
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

export const triggerAccepted = z
  .object({
    accepted: z.literal(true),
    status: z.literal('running'),
    run_key: z.string().openapi({ description: 'GET /logs?run_key=… shows the run once it is recorded' }),
    message: z.string(),
  })
  .openapi('TriggerAccepted');

export const listHeartbeatsQuery = z.object({ project_id: projectId, bot_id: uuid, member_id: uuid.optional() });
export const logsQuery = z.object({
  project_id: projectId,
  heartbeat_id: uuid.optional(),
  member_id: uuid.optional(),
  bot_id: uuid.optional(),
  status: z.enum(RUN_STATUSES).optional(),
  run_key: text(300).optional().openapi({ description: 'The run with this key (a trigger answers 202 with it)' }),
  from: dateTime.optional(),
  to: dateTime.optional(),
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
    started_at: z.string().nullable(),
    run_key: z.string(),
    attempts: z.number(),
    interrupted_attempts: z
      .array(z.object({ attempt: z.number(), reached_provider: z.boolean(), provider_calls: z.number() }))
      .openapi({
        description: 'Earlier attempts cut short (a worker died mid-run), and whether each reached the model',
      }),
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
