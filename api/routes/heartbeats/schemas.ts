/**
 * The heartbeat, preview, run log and stats objects and the bodies and queries of /v1/bot/heartbeat,
 * as zod schemas.
 */
import { z } from '@hono/zod-openapi';
import { SURFACES } from '../../../domain/access.js';
import {
  CADENCE_MODES,
  CONTEXT_MODES,
  NOTIFY_POLICIES,
  OUTCOME_FILTERS,
  PRECHECK_RESULTS,
  RUN_OUTCOMES,
} from '../../../domain/outcome.js';
import { MISSED_RUNS_POLICIES } from '../../../domain/catch-up.js';
import { REPEATED_HOUR_POLICIES, SKIPPED_HOUR_POLICIES } from '../../../domain/dst.js';
import { HEARTBEAT_STATES, OVERLAP_POLICIES, RUN_STATUSES, RUN_TYPES } from '../../../domain/heartbeat.js';
import { isValidTimezone, parseClock, parseCron, parseDays } from '../../../domain/schedule.js';
import {
  cursorQuery,
  dateTime,
  id,
  int,
  issue as custom,
  pageQuery,
  pageQueryOf,
  projectId,
  text,
  time,
  uuid,
} from '../../openapi.js';
import { outboundUrl } from '../outbound.js';

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
/**
 * Weekdays as the public API spells them ("1,2,3,4,5", 1 = Monday) or as a JSON array of the same
 * numbers ([1,2,3,4,5]), which a careful client will try first; kept and answered as the string.
 */
const days = z
  .union([
    z.string().max(40).openapi({ example: '1,2,3,4,5' }),
    z
      .array(z.number().int().min(1).max(7))
      .min(1)
      .max(7)
      .openapi({ example: [1, 2, 3, 4, 5] }),
  ])
  .transform((v) => (Array.isArray(v) ? v.join(',') : v))
  .pipe(
    text(40).superRefine((v, ctx) => {
      if (!parseDays(v))
        custom(ctx, 'invalid_active_days', 'must be weekdays 1–7 (1 = Monday), "1,2,3,4,5" or [1,2,3,4,5]');
    }),
  )
  .openapi({
    description: 'Weekdays the window is open, 1 = Monday: "1,2,3,4,5" or [1,2,3,4,5]; answered as the string',
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

const missedRuns = z.enum(MISSED_RUNS_POLICIES).openapi({
  description:
    'Occurrences missed while the heartbeat could not run (workers down): `run_once` runs the latest (default), `skip` runs none, `run_all` runs each, oldest first, within catch_up_window_minutes',
});
const catchUpWindow = z.number().int().min(1).max(1440).openapi({
  description: 'With run_all: how old (minutes) a missed occurrence may be and still run (default 60)',
});
const repeatedHour = z.enum(REPEATED_HOUR_POLICIES).openapi({
  description: 'A local time the clocks repeat (autumn): run at the first pass only (default) or at both',
});
const skippedHour = z.enum(SKIPPED_HOUR_POLICIES).openapi({
  description: 'A local time the clocks skip (spring): run at the first minute after the gap (default) or not at all',
});
const overlap = z.enum(OVERLAP_POLICIES).openapi({
  description:
    'A manual trigger while a run is in flight: wait for it (`queue`, default) or answer 409 run_in_progress',
});

export const configureFields = {
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
  ...agentFields(),
  missed_runs: missedRuns.optional(),
  catch_up_window_minutes: catchUpWindow.optional(),
  dst_policy: z
    .object({ repeated_hour: repeatedHour.optional(), skipped_hour: skippedHour.optional() })
    .optional()
    .openapi({
      description:
        'Daylight saving for local times the schedule names (cron fields, window opening); the fields sent change',
    }),
  overlap: overlap.optional(),
};

/** The agent options of a heartbeat (domain/outcome.ts), as configure and preview take them. */
function agentFields() {
  return {
    notify_policy: z.enum(NOTIFY_POLICIES).optional().openapi({
      description:
        "Which runs' notifications are sent: always; unless_quiet (default: a nothing_to_report run's are kept with suppressed: true, not sent); needs_attention (only those runs')",
    }),
    precheck_url: outboundUrl.nullable().optional().openapi({
      description:
        'GET before any model call (signed like a webhook, 10 s): 304 or {"changed": false} skips the run for free (nothing_changed); {"changed": true, "context": "…"} adds the context to the prompt',
    }),
    triage_model: text(200).trim().min(1).nullable().optional().openapi({
      description:
        "A cheaper model that looks first with only report_outcome: its nothing_to_report ends the run; otherwise the run escalates to the heartbeat's model",
    }),
    model: text(200)
      .trim()
      .min(1)
      .nullable()
      .optional()
      .openapi({ description: "This heartbeat's model, instead of its bot's (null: the bot's)" }),
    max_credits_per_run: z.number().int().min(1).max(1_000_000_000).nullable().optional().openapi({
      description:
        'Stop a run (error_code run_credit_limit) once it has spent this many credits, checked between model calls; never more than the budget left',
    }),
    context: z.enum(CONTEXT_MODES).optional().openapi({
      description:
        "What a run is told of earlier runs: today (default: the day's earlier exchanges), fresh (nothing), digest (the summaries of the last context_runs runs)",
    }),
    context_runs: z
      .number()
      .int()
      .min(1)
      .max(50)
      .optional()
      .openapi({ description: 'How many earlier runs a digest summarises (default 5)' }),
    context_token_limit: z.number().int().min(1).max(1_000_000).nullable().optional().openapi({
      description: 'The most, in tokens (about 4 characters each), that earlier runs may add; the oldest go first',
    }),
    cadence: z.enum(CADENCE_MODES).optional().openapi({
      description:
        "fixed (default) or adaptive (interval schedules only, else 400 adaptive_requires_interval): the next run follows the run's next_check_in_minutes within [interval_minutes, max_interval_minutes]; without one, each nothing_to_report in a row doubles the interval up to the maximum, and any other outcome returns to interval_minutes",
    }),
    max_interval_minutes: z
      .number()
      .int()
      .min(1)
      .max(525_600)
      .nullable()
      .optional()
      .openapi({ description: 'The longest an adaptive heartbeat waits (default, null: 4 × interval_minutes)' }),
  };
}

/** One cadence or the other, never both. */
const oneCadence = (body: { interval_minutes?: number | null; cron_pattern?: string | null }, ctx: z.RefinementCtx) => {
  if (body.interval_minutes != null && body.cron_pattern != null) {
    ctx.addIssue({
      code: 'custom',
      path: ['cron_pattern'],
      message: 'give interval_minutes or cron_pattern, not both',
      params: { code: 'cadence_conflict' },
    });
  }
};

export const configureBody = z
  .object(configureFields)
  .superRefine(oneCadence)
  .openapi('ConfigureHeartbeat', {
    example: {
      project_id: '6b0a8c4e-2f1d-4c8e-9a3b-1d2e3f4a5b6c',
      bot_id: '9f8e7d6c-5b4a-4321-8fed-cba987654321',
      prompt: 'Check my inbox and summarise anything urgent.',
      interval_minutes: 60,
      enabled: true,
      active_hours_start: '09:00',
      active_hours_end: '17:00',
      active_days: '1,2,3,4,5',
      timezone: 'America/New_York',
      credit_budget: 500,
      max_consecutive_errors: 5,
    },
  });
export type ConfigureBody = z.infer<typeof configureBody>;

export const previewBody = z
  .object({
    ...configureFields,
    count: z
      .number()
      .int()
      .min(1)
      .max(100)
      .default(10)
      .openapi({ description: 'How many runs (default 10, at most 100)' }),
    from: dateTime.optional().openapi({
      description: 'The runs after this instant (ISO 8601; default now): look at next March before it comes',
    }),
  })
  .superRefine(oneCadence)
  .openapi('PreviewHeartbeat');

export const preview = z
  .object({
    schedule_description: z.string(),
    timezone: z.string(),
    runs_per_period: int.openapi({
      description:
        "How many times it runs in the project's current billing period, start to end, at its schedule and window (an adaptive heartbeat at its interval, the most it can)",
    }),
    runs: z.array(
      z.object({
        at: time,
        local: z.string().openapi({ description: "The same instant in the heartbeat's time zone" }),
        clock_change: z
          .string()
          .nullable()
          .openapi({ description: 'The clock change (daylight saving) on that local day, in words' }),
        dst_note: z.string().nullable().openapi({
          description:
            'How the clock change placed this run: moved to the end of a gap for a time the clocks skip, or at which pass of a repeated time',
        }),
      }),
    ),
    clock_changes: z
      .array(
        z.object({
          date: z.iso.date().openapi({ description: 'The local date of the change' }),
          at: time.openapi({ description: 'The first instant on the new offset' }),
          shift_minutes: int.openapi({ description: 'How far the clocks move: forward (> 0) or back (< 0)' }),
          clock_change: z.string(),
          effect: z.string().openapi({ description: 'What this schedule does that day, by its dst_policy' }),
        }),
      )
      .openapi({
        description: 'Every clock change from `from` to the last run shown, and what the schedule does that day',
      }),
  })
  .openapi('Preview');

export const heartbeatRef = z.object({ project_id: projectId, heartbeat_id: uuid }).openapi('HeartbeatRef');

export const forecast = z
  .object({
    period_start: time.openapi({ description: 'The current billing period' }),
    period_end: time,
    runs_per_period: int.openapi({
      description: 'Runs in the whole period at its schedule and window (an adaptive heartbeat at its interval)',
    }),
    runs_left_this_period: int.openapi({
      description:
        'Runs from now to the end of the period: none unless it runs on schedule, and no more than the budget pays for',
    }),
    avg_credits_per_run: z.number().openapi({
      description: 'Average credits of its last 20 runs (those the precheck skipped count, at 0); 0 with none',
    }),
    credits_expected_this_period: int.openapi({ description: 'credits_used + runs left × the average' }),
    budget_exhausted_at: time.nullable().openapi({
      description:
        "When, at this pace, the run that spends the last of the budget is due; the read's time when it is already spent; null without a budget or when it lasts the period",
    }),
  })
  .openapi('Forecast', { description: 'What the heartbeat will spend this billing period, at its latest pace' });

export const heartbeat = z
  .object({
    uuid: id,
    bot_id: id,
    member_id: id.nullable(),
    prompt: z.string(),
    interval_minutes: int.nullable(),
    cron_pattern: z.string().nullable(),
    enabled: z.boolean(),
    active_hours_start: z.string().nullable(),
    active_hours_end: z.string().nullable(),
    active_days: z.string().nullable(),
    timezone: z.string(),
    credit_budget: int.nullable(),
    credits_used: int,
    last_executed_at: time.nullable(),
    last_status: z.enum(RUN_STATUSES).nullable(),
    execution_count: int,
    error_count: int,
    max_consecutive_errors: int,
    jitter_seconds: int,
    missed_runs: missedRuns,
    catch_up_window_minutes: catchUpWindow,
    dst_policy: z.object({ repeated_hour: repeatedHour, skipped_hour: skippedHour }).openapi('DstPolicy'),
    overlap,
    created_at: time,
    updated_at: time,
    updated_via: z.enum(SURFACES).nullable().openapi({
      description: 'Where the last change came from: api, mcp or dashboard (null: before this was recorded)',
    }),
    next_run_at: time.nullable(),
    overdue: z.boolean().openapi({
      description: 'The next run is more than 6 minutes late: the workflow is not running it (workers down?)',
    }),
    state: z.enum(HEARTBEAT_STATES),
    paused_reason: z.string().nullable(),
    stalled_at: time.nullable().openapi({
      description:
        'When the heartbeat was found stalled (state stalled): its next run two intervals (cron: 10 minutes) overdue with nothing recorded, or its workflow gone',
    }),
    stall_reason: z.string().nullable().openapi({ description: 'Why it is stalled, in words' }),
    consecutive_errors: int,
    version: int,
    schedule_description: z.string().openapi({ description: 'The schedule in words' }),
    upcoming_runs: z.array(time).openapi({ description: 'The next 5 runs (UTC), none while disabled' }),
    notify_policy: z.enum(NOTIFY_POLICIES),
    precheck_url: z.string().nullable(),
    triage_model: z.string().nullable(),
    model: z.string().nullable().openapi({ description: "This heartbeat's model; null: its bot's" }),
    max_credits_per_run: int.nullable(),
    context: z.enum(CONTEXT_MODES),
    context_runs: int,
    context_token_limit: int.nullable(),
    cadence: z.enum(CADENCE_MODES),
    max_interval_minutes: int.nullable().openapi({
      description:
        'The longest an adaptive heartbeat waits (4 × interval_minutes unless set); null for a cron schedule',
    }),
    next_run_reason: z.string().nullable().openapi({
      description: 'Why next_run_at is when it is: an adaptive heartbeat, after its runs',
    }),
    forecast,
  })
  .openapi('Heartbeat');

/** What a run reported of itself, in its result and its log entry. */
function reportFields() {
  return {
    outcome: z.enum(RUN_OUTCOMES).nullable().openapi({
      description: 'What the run reported (report_outcome, or HEARTBEAT_OK: nothing_to_report); null: nothing',
    }),
    summary: z.string().nullable().openapi({ description: "The run's own summary of what it found" }),
    next_check_in_minutes: int.nullable().openapi({ description: 'When the run asked to be looked at again' }),
  };
}

export const runResult = z
  .object({
    status: z.enum(RUN_STATUSES),
    response: z.string().nullable(),
    duration_ms: int,
    tokens_used: int,
    credits_charged: int,
    error_message: z.string().nullable().optional(),
    reason: z.string().nullable().optional(),
    ...reportFields(),
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

export const listHeartbeatsQuery = z.object({
  project_id: projectId,
  bot_id: uuid.optional().openapi({ description: "One bot's heartbeats; without it, the whole project's" }),
  member_id: uuid.optional(),
  // 100 a page unless asked: a plan's cap of heartbeats per bot is below it, so a client that
  // reads one bot's list without paging still gets all of it.
  ...pageQueryOf(100),
});
export const logsQuery = z.object({
  project_id: projectId,
  heartbeat_id: uuid.optional(),
  member_id: uuid.optional(),
  bot_id: uuid.optional(),
  status: z.enum(RUN_STATUSES).optional(),
  type: z.enum(RUN_TYPES).optional().openapi({ description: 'heartbeat (scheduled) or manual (triggered)' }),
  outcome: z.enum(OUTCOME_FILTERS).optional().openapi({
    description: 'Runs that reported this outcome, or unreported: runs that ran and reported none',
  }),
  run_key: text(300).optional().openapi({ description: 'The run with this key (a trigger answers 202 with it)' }),
  from: dateTime.optional(),
  to: dateTime.optional(),
  cursor: cursorQuery.optional(),
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
    uuid: id,
    heartbeat_id: id,
    member_id: id.nullable(),
    type: z.enum(RUN_TYPES),
    status: z.enum(RUN_STATUSES),
    reason: z.string().nullable(),
    missed_count: int.nullable(),
    prompt: z.string(),
    response: z.string().nullable(),
    duration_ms: int,
    tokens_used: int,
    credits_charged: int,
    error_message: z.string().nullable(),
    error_code: z.string().nullable().openapi({
      description:
        'A stable code for the error where there is one: `run_credit_limit`, or `secret_unreadable` (a bot secret sealed under a key the service no longer has)',
    }),
    scheduled_for: time.nullable(),
    config_version: int.nullable().openapi({
      description:
        "The heartbeat's configuration version the run ran with (null on runs recorded before versions were kept)",
    }),
    started_at: time.nullable(),
    run_key: z.string(),
    attempts: int,
    interrupted_attempts: z
      .array(
        z.object({
          attempt: int,
          reached_provider: z.boolean(),
          provider_calls: int,
          tokens_used: int.optional(),
          credits_charged: int.optional(),
        }),
      )
      .openapi({
        description:
          'Earlier attempts cut short (a worker died mid-run): whether each reached the model, and what it spent there (charged with the run)',
      }),
    tool_calls: z.array(z.object({ name: z.string(), ok: z.boolean(), duration_ms: int })).openapi({
      description: "The tools the agent called, in order: `notify_user`, `report_outcome` and the bot's MCP tools",
    }),
    ...reportFields(),
    escalated: z.boolean().nullable().openapi({
      description: 'Whether the triage model handed the run to the full model; null: no triage model',
    }),
    triage_tokens_used: int.nullable().openapi({ description: "The triage model's tokens (in tokens_used too)" }),
    precheck: z.enum(PRECHECK_RESULTS).nullable().openapi({
      description: 'What the precheck answered; ignored: neither, and the run went ahead (see precheck_note)',
    }),
    precheck_note: z.string().nullable(),
    created_at: time,
  })
  .openapi('LogEntry');

const outcomeCounts = z
  .object({ nothing_to_report: int, progress: int, needs_attention: int, unreported: int })
  .openapi('OutcomeCounts', {
    description: 'Runs by what they reported; unreported: runs that ran and reported nothing',
  });

export const stats = z
  .object({
    total_executions: int,
    success_count: int,
    error_count: int,
    skipped_count: int,
    success_rate: z.number().min(0).max(1),
    total_tokens: int,
    total_credits: int,
    avg_duration_ms: int,
    active_heartbeats: int,
    by_type: z.record(z.string(), int),
    outcomes: outcomeCounts,
    quiet_rate: z.number().min(0).max(1).openapi({
      description: 'nothing_to_report ÷ (runs that ran + runs the precheck skipped); 0 with none',
    }),
    precheck_skipped: int.openapi({ description: 'Runs the precheck skipped (nothing_changed): no model call' }),
    triage_ended: int.openapi({ description: 'Runs the triage model ended as nothing_to_report' }),
    credits_saved: int.openapi({
      description:
        'Estimated: those runs × the average credits of runs that reached the full model, less what the triage runs cost',
    }),
    time_series: z.array(
      z.object({
        date: z.iso.date(),
        total: int,
        success: int,
        error: int,
        skipped: int,
        tokens: int,
        credits: int,
        avg_duration_ms: int.openapi({ description: 'Mean duration of the runs that ran (success or error)' }),
        outcomes: outcomeCounts,
      }),
    ),
  })
  .openapi('Stats');
