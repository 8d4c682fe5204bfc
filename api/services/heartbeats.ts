/**
 * Heartbeat configuration and control: create or change, preview, enable, disable, trigger and delete,
 * in step with the workflow.
 */
import { createHash, randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { runKeys } from '../../contract/runs.js';
import type { RunResult } from '../../contract/workflow.js';
import type { Db } from '../../db/client.js';
import type { Heartbeat, HeartbeatUpdate } from '../../db/database.js';
import type { KeyOwner } from '../../db/queries/api-keys.js';
import { lockBot } from '../../db/queries/bots.js';
import {
  countBotHeartbeats,
  countEnabledHeartbeats,
  findHeartbeat,
  isTombstoned,
  insertHeartbeat,
  pageHeartbeats,
  lockHeartbeat,
  updateHeartbeat,
} from '../../db/queries/heartbeats.js';
import { memberExists } from '../../db/queries/members.js';
import { DEFAULT_CATCH_UP_WINDOW_MINUTES } from '../../domain/catch-up.js';
import { DEFAULT_DST_POLICY } from '../../domain/dst.js';
import { plannedRun, upcomingRuns } from '../../domain/heartbeat.js';
import { clockChangeDays, clockChangeOn, runNote } from '../../domain/clock-changes.js';
import { describeSchedule, minimumCronGapMinutes, nextDueTime } from '../../domain/schedule.js';
import { changeHeartbeats, requireAccess, requireUnderCap, type Caller } from '../access.js';
import { dstPolicyOf, toWorkflowConfig } from '../mappers.js';
import type { PageRequest } from '../../db/queries/pages.js';
import type { ServiceDeps } from '../deps.js';
import { ApiError, invalidField } from '../errors.js';
import { needsSync, syncHeartbeat, syncOrUnavailable } from '../reconciler.js';
import { HeartbeatGoneError, TemporalBusyError, TemporalUnavailableError, TriggerRejectedError } from '../temporal.js';
import type { ConfigureBody } from '../routes/heartbeats/schemas.js';
import { loadBot } from './bots.js';
import { recordVersions } from './versions.js';
import { runsPerPeriod } from './forecast.js';
import { requireAllowedUrl } from './outbound.js';

const DEFAULT_INTERVAL = 30;

function requireHeartbeatPlan(owner: KeyOwner): void {
  if (!owner.plan.heartbeat_enabled) {
    throw new ApiError('plan_without_heartbeat', `The ${owner.plan.id} plan does not include heartbeats.`);
  }
}

function requireBotHeartbeat(bot: { heartbeat: boolean }): void {
  if (!bot.heartbeat) {
    throw new ApiError(
      'heartbeat_not_enabled',
      'Heartbeat is not enabled for this bot (PUT /v1/bot/update with heartbeat: true).',
    );
  }
}

/** The heartbeat, or 404: never there, deleted, or deleted while this request ran. */
function found(row: Heartbeat | undefined): Heartbeat {
  if (!row) throw new ApiError('heartbeat_not_found', 'No heartbeat with that heartbeat_id in this project.');
  return row;
}

export async function loadHeartbeat(deps: ServiceDeps, projectId: string, heartbeatId: string): Promise<Heartbeat> {
  return found(await findHeartbeat(deps.db, projectId, heartbeatId));
}

/** One heartbeat; a change that could not reach Temporal earlier is sent now (reconcile on read). */
export async function readHeartbeat(deps: ServiceDeps, owner: KeyOwner, heartbeatId: string): Promise<Heartbeat> {
  const row = await loadHeartbeat(deps, owner.project.id, heartbeatId);
  if (needsSync(row)) {
    await syncHeartbeat(deps, row).catch((err: unknown) => deps.log(`heartbeat ${row.id}: sync on read failed`, err));
  }
  return row;
}

export function listHeartbeats(
  deps: ServiceDeps,
  owner: KeyOwner,
  q: { bot_id?: string; member_id?: string },
  req: PageRequest,
) {
  return pageHeartbeats(deps.db, { projectId: owner.project.id, botId: q.bot_id, memberId: q.member_id }, req);
}

/** Rules that span fields of the merged configuration, and the plan's minimum interval. */
function checkSchedule(
  owner: KeyOwner,
  c: Pick<
    Heartbeat,
    | 'interval_minutes'
    | 'cron_pattern'
    | 'active_hours_start'
    | 'active_hours_end'
    | 'active_days'
    | 'timezone'
    | 'anchor_at'
    | 'dst_repeated_hour'
    | 'dst_skipped_hour'
  >,
  now: Date,
) {
  if ((c.active_hours_start === null) !== (c.active_hours_end === null)) {
    throw invalidField(
      'active_hours_end',
      'window_incomplete',
      'give both active_hours_start and active_hours_end, or neither',
    );
  }
  const min = owner.plan.min_interval_minutes;
  if (c.interval_minutes !== null && c.interval_minutes < min) {
    throw new ApiError(
      'interval_below_plan_minimum',
      `interval_minutes must be at least ${min} on the ${owner.plan.id} plan.`,
      [{ field: 'interval_minutes', code: 'interval_below_plan_minimum', message: `minimum is ${min}` }],
    );
  }
  if (c.cron_pattern !== null && minimumCronGapMinutes(c.cron_pattern, now) < min) {
    throw new ApiError(
      'interval_below_plan_minimum',
      `cron_pattern fires more often than every ${min} minutes, the ${owner.plan.id} plan's minimum.`,
      [{ field: 'cron_pattern', code: 'interval_below_plan_minimum', message: `minimum gap is ${min} minutes` }],
    );
  }
  if (nextDueTime({ ...c, anchor: c.anchor_at.toISOString(), dst_policy: dstPolicyOf(c) }, now) === null) {
    throw new ApiError(
      'schedule_never_runs',
      'This schedule has no occurrence inside its active window within a year; it would never run.',
      [
        {
          field: c.cron_pattern !== null ? 'cron_pattern' : 'active_hours_start',
          code: 'schedule_never_runs',
          message: 'no occurrence inside the active window within a year',
        },
      ],
    );
  }
}

/** An adaptive cadence needs an interval to adapt, and a maximum no shorter than it. */
function checkCadence(
  c: Pick<Heartbeat, 'cadence' | 'interval_minutes' | 'cron_pattern' | 'max_interval_minutes'>,
): void {
  if (c.cadence !== 'adaptive') return;
  if (c.cron_pattern !== null || c.interval_minutes === null) {
    throw new ApiError(
      'adaptive_requires_interval',
      'cadence "adaptive" needs interval_minutes: a cron schedule cannot adapt (send cadence "fixed" with a cron_pattern).',
      [{ field: 'cadence', code: 'adaptive_requires_interval', message: 'adaptive cadence needs interval_minutes' }],
    );
  }
  if (c.max_interval_minutes !== null && c.max_interval_minutes < c.interval_minutes) {
    throw invalidField('max_interval_minutes', 'out_of_range', 'must be at least interval_minutes');
  }
}

export async function configureHeartbeat(deps: ServiceDeps, owner: Caller, body: ConfigureBody) {
  requireAccess(owner, changeHeartbeats(body.bot_id));
  requireHeartbeatPlan(owner);
  const projectId = owner.project.id;
  const bot = await loadBot(deps, projectId, body.bot_id);
  requireBotHeartbeat(bot);
  if (body.precheck_url) await requireAllowedUrl(deps, 'precheck_url', body.precheck_url);
  if (body.member_id && !(await memberExists(deps.db, projectId, body.member_id))) {
    throw new ApiError('member_not_found', 'No member with that member_id in this project.');
  }
  const now = deps.now();
  const row = body.heartbeat_id
    ? await changeHeartbeat(deps, owner, body, now)
    : await createHeartbeat(deps, owner, body, now);
  await syncOrUnavailable(deps, row);
  return row;
}

/** A new heartbeat's values: what was sent, and the defaults for the rest. */
function newValues(owner: Caller, body: ConfigureBody, now: Date) {
  if (!body.prompt) throw invalidField('prompt', 'required', 'prompt is required to create a heartbeat');
  return {
    project_id: owner.project.id,
    bot_id: body.bot_id,
    member_id: body.member_id ?? null,
    prompt: body.prompt,
    interval_minutes: body.cron_pattern ? null : (body.interval_minutes ?? DEFAULT_INTERVAL),
    cron_pattern: body.cron_pattern ?? null,
    enabled: body.enabled ?? false,
    active_hours_start: body.active_hours_start ?? null,
    active_hours_end: body.active_hours_end ?? null,
    active_days: body.active_days ?? null,
    timezone: body.timezone ?? 'UTC',
    credit_budget: body.credit_budget ?? null,
    max_consecutive_errors: body.max_consecutive_errors ?? 5,
    jitter_seconds: body.jitter_seconds ?? 0,
    missed_runs: body.missed_runs ?? 'run_once',
    catch_up_window_minutes: body.catch_up_window_minutes ?? DEFAULT_CATCH_UP_WINDOW_MINUTES,
    dst_repeated_hour: body.dst_policy?.repeated_hour ?? DEFAULT_DST_POLICY.repeated_hour,
    dst_skipped_hour: body.dst_policy?.skipped_hour ?? DEFAULT_DST_POLICY.skipped_hour,
    overlap: body.overlap ?? 'queue',
    anchor_at: now,
    updated_via: owner.via,
    ...agentValues(body),
  };
}

/** A new heartbeat's agent options: what was sent (the database holds the defaults). */
function agentValues(body: ConfigureBody) {
  return Object.fromEntries(AGENT_FIELDS.filter((f) => body[f] !== undefined).map((f) => [f, body[f]]));
}

async function createHeartbeat(deps: ServiceDeps, owner: Caller, body: ConfigureBody, now: Date) {
  const values = newValues(owner, body, now);
  checkSchedule(owner, values, now);
  checkCadence({
    ...values,
    cadence: body.cadence ?? 'fixed',
    max_interval_minutes: body.max_interval_minutes ?? null,
  });
  return deps.db.transaction().execute(async (trx) => {
    // Lock the bot so two concurrent creates cannot both pass the per-bot cap.
    await lockBot(trx, body.bot_id);
    await requireUnderCap(
      owner,
      'max_heartbeats_per_bot',
      countBotHeartbeats(trx, body.bot_id),
      'heartbeat_limit_reached',
      'heartbeats per bot',
    );
    const inserted = await insertHeartbeat(trx, values);
    const row = found(await updateHeartbeat(trx, inserted.id, { next_run_at: nextRunFor(inserted, now) }));
    await recordVersions(trx, owner, [row], 'created', now);
    return row;
  });
}

/**
 * A change is sent to the workflow (starting it again if it had gone): whatever was found stalled
 * is looked at afresh from the new plan.
 */
const NOT_STALLED = { stalled_at: null, stall_reason: null } as const;

/** Fields a configure copies as sent; the cadence fields replace each other. */
const PLAIN_FIELDS = [
  'prompt',
  'active_hours_start',
  'active_hours_end',
  'active_days',
  'timezone',
  'credit_budget',
  'max_consecutive_errors',
  'member_id',
  'enabled',
  'jitter_seconds',
  'missed_runs',
  'catch_up_window_minutes',
  'overlap',
] as const;
/** The agent options (domain/outcome.ts): copied as sent too, and kept across every other edit. */
const AGENT_FIELDS = [
  'notify_policy',
  'precheck_url',
  'triage_model',
  'model',
  'max_credits_per_run',
  'context',
  'context_runs',
  'context_token_limit',
  'cadence',
  'max_interval_minutes',
] as const;
const CADENCE_FIELDS = [
  'interval_minutes',
  'cron_pattern',
  'active_hours_start',
  'active_hours_end',
  'active_days',
  'timezone',
  'jitter_seconds',
] as const;

/**
 * When the workflow will next run a heartbeat saved now: the API writes it with each change, and
 * the workflow with each run, so a read shows what will actually happen.
 */
export function nextRunFor(row: Omit<Heartbeat, 'next_run_at'>, now: Date): Date | null {
  if (!row.enabled) return null;
  const from = row.anchor_at > now ? row.anchor_at : now;
  return plannedRun(toWorkflowConfig(row as Heartbeat), from)?.at ?? null;
}

/** A configure's changes to a heartbeat: only the fields sent, one cadence replacing the other. */
function applyChanges(current: Heartbeat, body: ConfigureBody, now: Date) {
  const changes: HeartbeatUpdate = {};
  for (const field of [...PLAIN_FIELDS, ...AGENT_FIELDS])
    if (body[field] !== undefined) Object.assign(changes, { [field]: body[field] });
  if (body.cron_pattern != null) Object.assign(changes, { cron_pattern: body.cron_pattern, interval_minutes: null });
  if (body.interval_minutes != null)
    Object.assign(changes, { interval_minutes: body.interval_minutes, cron_pattern: null });
  if (body.dst_policy?.repeated_hour) changes.dst_repeated_hour = body.dst_policy.repeated_hour;
  if (body.dst_policy?.skipped_hour) changes.dst_skipped_hour = body.dst_policy.skipped_hour;
  const merged = { ...current, ...changes } as Heartbeat;
  // A new cadence counts from now.
  const cadenceChanged = CADENCE_FIELDS.some((f) => merged[f] !== current[f]);
  const anchor = cadenceChanged ? now : current.anchor_at;
  return { changes, merged: { ...merged, anchor_at: anchor }, anchor };
}

async function changeHeartbeat(deps: ServiceDeps, owner: Caller, body: ConfigureBody, now: Date) {
  return deps.db.transaction().execute(async (trx) => {
    // The bot before the heartbeat, as an enable takes them: a configure may enable it too.
    if (body.enabled === true) await lockBot(trx, body.bot_id);
    const current = await lockHeartbeat(trx, {
      projectId: owner.project.id,
      botId: body.bot_id,
      heartbeatId: body.heartbeat_id!,
    });
    if (!current) throw new ApiError('heartbeat_not_found', 'No heartbeat with that heartbeat_id for this bot.');
    const { changes, merged, anchor } = applyChanges(current, body, now);
    checkSchedule(owner, merged, now);
    checkCadence(merged);
    const reenabled = merged.enabled && !current.enabled;
    if (reenabled) await requireEnableAllowed(trx, owner, merged, now);
    const row = await updateHeartbeat(trx, current.id, {
      ...changes,
      anchor_at: anchor,
      next_run_at: nextRunFor({ ...merged, anchor_at: anchor }, now),
      // The workflow plans afresh from this version: an adaptive heartbeat says why with its next run.
      next_run_reason: null,
      ...(reenabled && { state: 'active', paused_reason: null, consecutive_errors: 0 }),
      version: current.version + 1,
      updated_at: now,
      updated_via: owner.via,
      ...NOT_STALLED,
    });
    await recordVersions(trx, owner, [found(row)], 'configured', now);
    return found(row);
  });
}

/**
 * Enabling checks the plan as it is now (a plan change since may have paused the heartbeat): its
 * schedule against the minimum interval, and the bot's enabled heartbeats against the per-bot cap.
 */
async function requireEnableAllowed(trx: Db, owner: Caller, current: Heartbeat, now: Date) {
  checkSchedule(owner, current, now);
  await lockBot(trx, current.bot_id);
  await requireUnderCap(
    owner,
    'max_heartbeats_per_bot',
    countEnabledHeartbeats(trx, { projectId: owner.project.id, botId: current.bot_id }),
    'heartbeat_limit_reached',
    'enabled heartbeats per bot',
  );
}

export async function setHeartbeatEnabled(deps: ServiceDeps, owner: Caller, heartbeatId: string, enabled: boolean) {
  const current = await loadHeartbeat(deps, owner.project.id, heartbeatId);
  requireAccess(owner, changeHeartbeats(current.bot_id));
  if (enabled) {
    requireHeartbeatPlan(owner);
    requireBotHeartbeat(await loadBot(deps, owner.project.id, current.bot_id));
  }
  const now = deps.now();
  const row = await deps.db.transaction().execute(async (trx) => {
    if (enabled && !current.enabled) await requireEnableAllowed(trx, owner, current, now);
    // A new version, like any change: the workflow writes its own state back only for the version
    // it runs, so it can never overwrite this.
    const changes: HeartbeatUpdate = {
      enabled,
      updated_at: now,
      updated_via: owner.via,
      ...NOT_STALLED,
      next_run_at: nextRunFor({ ...current, enabled }, now),
      next_run_reason: null,
      ...(enabled
        ? { state: 'active', paused_reason: null, consecutive_errors: 0 }
        : { state: 'disabled', paused_reason: null }),
    };
    const changed = found(await updateHeartbeat(trx, current.id, changes, { newVersion: true }));
    await recordVersions(trx, owner, [changed], enabled ? 'enabled' : 'disabled', now);
    return changed;
  });
  await syncOrUnavailable(deps, row);
  return row;
}

/** A trigger's answer: the run's result, or (past the deadline) the key to find it in the logs by. */
export type TriggerAnswer = { state: 'done'; result: RunResult } | { state: 'accepted'; run_key: string };

/**
 * Runs the heartbeat now and waits for the result, at most `TRIGGER_WAIT_SECONDS`. A trigger that
 * Temporal took is never reported as not run: past the deadline the answer is its run key. The
 * same `Idempotency-Key` always means the same trigger, so a retry never runs it twice.
 */
export async function triggerHeartbeat(
  deps: ServiceDeps,
  owner: Caller,
  heartbeatId: string,
  idempotencyKey: string | undefined,
): Promise<TriggerAnswer> {
  requireHeartbeatPlan(owner);
  const row = await loadHeartbeat(deps, owner.project.id, heartbeatId);
  requireAccess(owner, changeHeartbeats(row.bot_id));
  requireBotHeartbeat(await loadBot(deps, owner.project.id, row.bot_id));
  // A key names the trigger, so a retry (even after the workflow continued-as-new) is the same run.
  const triggerId = idempotencyKey
    ? createHash('sha256').update(`${owner.project.id}:${idempotencyKey}`).digest('hex').slice(0, 32)
    : randomUUID();
  const runKey = runKeys.manual(row.id, triggerId);
  try {
    await syncHeartbeat(deps, row);
    // Deleted while this request ran: its workflow is not started again.
    if (await isTombstoned(deps.db, row.id)) throw new HeartbeatGoneError('the heartbeat was deleted');
    const outcome = await deps.temporal.trigger(row, triggerId, Date.now() + deps.triggerWaitMs);
    return outcome.state === 'done' ? outcome : { state: 'accepted', run_key: runKey };
  } catch (err) {
    if (err instanceof HeartbeatGoneError) throw new ApiError('heartbeat_not_found', 'The heartbeat was deleted.');
    if (err instanceof TriggerRejectedError) {
      if (err.reason === 'TriggerQueueFull')
        throw new ApiError('trigger_busy', `${err.message}; try again shortly.`, [], 2);
      if (err.reason === 'RunInProgress') {
        throw new ApiError(
          'run_in_progress',
          'A run of this heartbeat is in flight and its overlap policy is skip: this trigger was not run.',
          [],
          5,
          { run_key: err.runKey ?? null },
        );
      }
      throw new ApiError('heartbeat_not_found', `The heartbeat cannot run: ${err.message}.`);
    }
    if (err instanceof TemporalBusyError) {
      throw new ApiError('trigger_busy', 'Too many triggers of this heartbeat are waiting; try again shortly.', [], 2);
    }
    if (!(err instanceof TemporalUnavailableError)) throw err;
    deps.log(`heartbeat ${row.id}: trigger failed`, err);
    throw new ApiError(
      'temporal_unavailable',
      'The scheduler (Temporal) is unreachable; the trigger may not have been taken. Retry with the same Idempotency-Key: it never runs twice.',
    );
  }
}

export async function deleteHeartbeat(deps: ServiceDeps, owner: Caller, heartbeatId: string) {
  const current = await loadHeartbeat(deps, owner.project.id, heartbeatId);
  requireAccess(owner, changeHeartbeats(current.bot_id));
  const row = found(
    await updateHeartbeat(deps.db, current.id, { deleted_at: deps.now(), enabled: false, updated_via: owner.via }),
  );
  await syncOrUnavailable(deps, row);
  return row;
}

/**
 * What a configuration would do, without saving it: the same checks as configure (the same
 * errors), the schedule in words, and its next runs in UTC and in its own zone, with the clock
 * changes (daylight saving) of their days.
 */
export async function previewHeartbeat(
  deps: ServiceDeps,
  owner: Caller,
  body: ConfigureBody,
  count: number,
  /** Preview the runs after this instant (ISO); default now (or the anchor, if later). */
  after?: string,
) {
  requireHeartbeatPlan(owner);
  requireBotHeartbeat(await loadBot(deps, owner.project.id, body.bot_id));
  if (body.member_id && !(await memberExists(deps.db, owner.project.id, body.member_id))) {
    throw new ApiError('member_not_found', 'No member with that member_id in this project.');
  }
  if (body.precheck_url) await requireAllowedUrl(deps, 'precheck_url', body.precheck_url);
  const now = deps.now();
  let row: Heartbeat;
  if (body.heartbeat_id) {
    const current = await loadHeartbeat(deps, owner.project.id, body.heartbeat_id);
    if (current.bot_id !== body.bot_id)
      throw new ApiError('heartbeat_not_found', 'No heartbeat with that heartbeat_id for this bot.');
    row = applyChanges(current, body, now).merged;
  } else {
    row = {
      ...newValues(owner, { prompt: '(preview)', ...body }, now),
      id: '00000000-0000-0000-0000-000000000000',
    } as Heartbeat;
  }
  checkSchedule(owner, row, now);
  checkCadence(row);
  const config = { ...toWorkflowConfig(row), dst_policy: dstPolicyOf(row) };
  const from = after ? new Date(after) : row.anchor_at > now ? row.anchor_at : now;
  const runs = upcomingRuns(config, from, count);
  // Looked up once per local day: a preview's runs mostly share a few.
  const changes = new Map<string, string | null>();
  const changeOfDay = (local: string, at: Date) => {
    const day = local.slice(0, 10);
    if (!changes.has(day)) changes.set(day, clockChangeOn(at, config.timezone)?.words ?? null);
    return changes.get(day) ?? null;
  };
  return {
    schedule_description: describeSchedule(config),
    timezone: config.timezone,
    runs_per_period: runsPerPeriod(owner, config, now),
    runs: runs.map((at) => {
      const local = DateTime.fromJSDate(at, { zone: config.timezone }).toISO({ suppressMilliseconds: true })!;
      return { at: at.toISOString(), local, clock_change: changeOfDay(local, at), dst_note: runNote(config, at) };
    }),
    clock_changes: clockChangeDays(config, from, runs.at(-1) ?? from).map((c) => ({
      date: c.date,
      at: c.at.toISOString(),
      shift_minutes: c.shift_minutes,
      clock_change: c.words,
      effect: c.effect,
    })),
  };
}
