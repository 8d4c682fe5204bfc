import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/client.js';
import type { Heartbeat, HeartbeatUpdate } from '../../db/database.js';
import type { KeyOwner } from '../../db/queries/projects.js';
import { minimumCronGapMinutes } from '../../workflows/schedule.js';
import { ApiError } from '../errors.js';
import type { ConfigureBody } from '../schemas.js';
import type { Scheduler } from '../scheduler.js';
import { loadBot } from './bots.js';
import { syncHeartbeat, syncOrUnavailable } from './sync.js';

export interface HeartbeatDeps {
  db: Db;
  scheduler: Scheduler;
  now: () => Date;
  log: (message: string, err?: unknown) => void;
}

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

export async function loadHeartbeat(db: Db, projectId: string, heartbeatId: string): Promise<Heartbeat> {
  const row = await db
    .selectFrom('heartbeats')
    .selectAll()
    .where('id', '=', heartbeatId)
    .where('project_id', '=', projectId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!row) throw new ApiError('heartbeat_not_found', 'No heartbeat with that heartbeat_id in this project.');
  return row;
}

const invalid = (field: string, code: string, message: string) =>
  new ApiError('validation_failed', `${field}: ${message}`, [{ field, code, message }]);

/** Rules that span fields of the merged configuration, and the plan's minimum interval. */
function checkSchedule(
  owner: KeyOwner,
  c: Pick<Heartbeat, 'interval_minutes' | 'cron_pattern' | 'active_hours_start' | 'active_hours_end'>,
  now: Date,
) {
  if ((c.active_hours_start === null) !== (c.active_hours_end === null)) {
    throw invalid(
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
}

export async function configureHeartbeat(
  deps: HeartbeatDeps,
  owner: KeyOwner,
  body: ConfigureBody,
  idempotencyKey?: string,
) {
  requireHeartbeatPlan(owner);
  const projectId = owner.project.id;
  const bot = await loadBot(deps.db, projectId, body.bot_id);
  requireBotHeartbeat(bot);
  if (body.member_id) {
    const member = await deps.db
      .selectFrom('members')
      .select('id')
      .where('id', '=', body.member_id)
      .where('project_id', '=', projectId)
      .executeTakeFirst();
    if (!member) throw new ApiError('member_not_found', 'No member with that member_id in this project.');
  }
  const now = deps.now();
  const row = body.heartbeat_id
    ? await updateHeartbeat(deps, owner, body, now)
    : await createHeartbeat(deps, owner, body, now, idempotencyKey);
  await syncOrUnavailable(deps, row);
  return row;
}

async function createHeartbeat(
  deps: HeartbeatDeps,
  owner: KeyOwner,
  body: ConfigureBody,
  now: Date,
  idempotencyKey?: string,
) {
  if (!body.prompt) throw invalid('prompt', 'required', 'prompt is required to create a heartbeat');
  const values = {
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
    anchor_at: now,
    idempotency_key: idempotencyKey ?? null,
  };
  checkSchedule(owner, values, now);
  return deps.db.transaction().execute(async (trx) => {
    if (idempotencyKey) {
      const earlier = await trx
        .selectFrom('heartbeats')
        .selectAll()
        .where('project_id', '=', owner.project.id)
        .where('idempotency_key', '=', idempotencyKey)
        .executeTakeFirst();
      if (earlier) return earlier;
    }
    // Lock the bot so two concurrent creates cannot both pass the per-bot cap.
    await trx.selectFrom('bots').select('id').where('id', '=', body.bot_id).forUpdate().execute();
    const { count } = await trx
      .selectFrom('heartbeats')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('bot_id', '=', body.bot_id)
      .where('deleted_at', 'is', null)
      .executeTakeFirstOrThrow();
    if (count >= owner.plan.max_heartbeats_per_bot) {
      throw new ApiError(
        'heartbeat_limit_reached',
        `The ${owner.plan.id} plan allows ${owner.plan.max_heartbeats_per_bot} heartbeats per bot.`,
      );
    }
    return trx.insertInto('heartbeats').values(values).returningAll().executeTakeFirstOrThrow();
  });
}

async function updateHeartbeat(deps: HeartbeatDeps, owner: KeyOwner, body: ConfigureBody, now: Date) {
  return deps.db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('heartbeats')
      .selectAll()
      .where('id', '=', body.heartbeat_id!)
      .where('project_id', '=', owner.project.id)
      .where('bot_id', '=', body.bot_id)
      .where('deleted_at', 'is', null)
      .forUpdate()
      .executeTakeFirst();
    if (!current) throw new ApiError('heartbeat_not_found', 'No heartbeat with that heartbeat_id for this bot.');

    const changes: HeartbeatUpdate = {};
    const fields = [
      'prompt',
      'active_hours_start',
      'active_hours_end',
      'active_days',
      'timezone',
      'credit_budget',
      'max_consecutive_errors',
      'member_id',
      'enabled',
    ] as const;
    for (const field of fields) if (body[field] !== undefined) Object.assign(changes, { [field]: body[field] });
    // Sending one cadence replaces the other.
    if (body.cron_pattern != null) Object.assign(changes, { cron_pattern: body.cron_pattern, interval_minutes: null });
    if (body.interval_minutes != null)
      Object.assign(changes, { interval_minutes: body.interval_minutes, cron_pattern: null });
    const merged = { ...current, ...changes } as Heartbeat;
    checkSchedule(owner, merged, now);

    const cadenceChanged = (
      ['interval_minutes', 'cron_pattern', 'active_hours_start', 'active_hours_end', 'active_days', 'timezone'] as const
    ).some((f) => merged[f] !== current[f]);
    const reenabled = merged.enabled && !current.enabled;
    return trx
      .updateTable('heartbeats')
      .set({
        ...changes,
        // A new cadence counts from now.
        ...(cadenceChanged && { anchor_at: now }),
        ...(reenabled && { state: 'active', paused_reason: null, consecutive_errors: 0 }),
        version: current.version + 1,
        updated_at: now,
      })
      .where('id', '=', current.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

export async function setHeartbeatEnabled(deps: HeartbeatDeps, owner: KeyOwner, heartbeatId: string, enabled: boolean) {
  const current = await loadHeartbeat(deps.db, owner.project.id, heartbeatId);
  if (enabled) {
    requireHeartbeatPlan(owner);
    requireBotHeartbeat(await loadBot(deps.db, owner.project.id, current.bot_id));
  }
  const row = await deps.db
    .updateTable('heartbeats')
    .set({
      enabled,
      updated_at: deps.now(),
      ...(enabled
        ? { state: 'active', paused_reason: null, consecutive_errors: 0 }
        : { state: 'disabled', paused_reason: null }),
    })
    .where('id', '=', current.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await syncOrUnavailable(deps, row);
  return row;
}

export async function triggerHeartbeat(deps: HeartbeatDeps, owner: KeyOwner, heartbeatId: string) {
  requireHeartbeatPlan(owner);
  const row = await loadHeartbeat(deps.db, owner.project.id, heartbeatId);
  requireBotHeartbeat(await loadBot(deps.db, owner.project.id, row.bot_id));
  try {
    await syncHeartbeat(deps, row);
    return await deps.scheduler.trigger(row, randomUUID());
  } catch (err) {
    if (err instanceof ApiError) throw err;
    deps.log(`heartbeat ${row.id}: trigger failed`, err);
    throw new ApiError('temporal_unavailable', 'The scheduler (Temporal) is unreachable; the heartbeat was not run.');
  }
}

export async function deleteHeartbeat(deps: HeartbeatDeps, owner: KeyOwner, heartbeatId: string) {
  const current = await loadHeartbeat(deps.db, owner.project.id, heartbeatId);
  const row = await deps.db
    .updateTable('heartbeats')
    .set({ deleted_at: deps.now(), enabled: false })
    .where('id', '=', current.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await syncOrUnavailable(deps, row);
  return row;
}
