/**
 * Plan changes reach heartbeats that already run: when a project moves to another plan, or a
 * plan's allowances change, its heartbeats are brought within it in the same transaction (paused
 * with a reason, or their interval raised), each as a new version (recorded as the operator's), so
 * the reconciler sends the change to its workflow within seconds, as it does any change the API
 * could not send at once.
 */
import type { Db } from '../../db/client.js';
import type { Heartbeat, HeartbeatUpdate, Plan } from '../../db/database.js';
import { announceAuthChange } from '../../db/queries/api-keys.js';
import { enabledHeartbeatsOf, updateHeartbeat } from '../../db/queries/heartbeats.js';
import { findPlan, updatePlanRow } from '../../db/queries/plans.js';
import { projectsOnPlan, updateProjectPlan, type ProjectAnchor } from '../../db/queries/projects.js';
import { minimumCronGapMinutes } from '../../domain/schedule.js';
import { nextRunFor } from './heartbeats.js';
import { recordVersions } from './versions.js';

/**
 * What `plan` requires of one enabled heartbeat: paused (no heartbeats on the plan, a cron pattern
 * firing more often than its minimum, or past its per-bot cap: `kept` of the bot's are enabled
 * already, oldest first), its interval raised to the minimum, or nothing.
 */
function within(plan: Plan, row: Heartbeat, kept: number, now: Date): HeartbeatUpdate | null {
  const pause = (why: string): HeartbeatUpdate => ({
    enabled: false,
    state: 'disabled',
    paused_reason: `paused by a plan change: ${why}`,
    next_run_at: null,
  });
  const min = plan.min_interval_minutes;
  if (!plan.heartbeat_enabled) return pause(`the ${plan.id} plan does not include heartbeats`);
  if (row.cron_pattern !== null && minimumCronGapMinutes(row.cron_pattern, now) < min) {
    return pause(`its cron_pattern fires more often than the ${plan.id} plan's minimum of ${min} minutes`);
  }
  if (kept >= plan.max_heartbeats_per_bot) {
    return pause(`the ${plan.id} plan allows ${plan.max_heartbeats_per_bot} enabled heartbeats per bot`);
  }
  if (row.interval_minutes !== null && row.interval_minutes < min) {
    // The same cadence, as often as the plan allows, counted from now like any new cadence.
    const raised = { ...row, interval_minutes: min, anchor_at: now };
    return { interval_minutes: min, anchor_at: now, next_run_at: nextRunFor(raised, now) };
  }
  return null;
}

/**
 * Brings the projects' enabled heartbeats within `plan`, recording each new version as the
 * operator's; returns those it changed.
 */
async function enforce(trx: Db, projects: ProjectAnchor[], plan: Plan, now: Date): Promise<Heartbeat[]> {
  const changed: Heartbeat[] = [];
  const kept = new Map<string, number>();
  const anchors = new Map(projects.map((p) => [p.id, p.billing_anchor]));
  for (const row of await enabledHeartbeatsOf(trx, [...anchors.keys()])) {
    const changes = within(plan, row, kept.get(row.bot_id) ?? 0, now);
    if (changes?.enabled !== false) kept.set(row.bot_id, (kept.get(row.bot_id) ?? 0) + 1);
    if (!changes) continue;
    const updated = await updateHeartbeat(trx, row.id, { ...changes, updated_at: now }, { newVersion: true });
    if (!updated) continue;
    const operator = { via: null, key: null, project: { billing_anchor: anchors.get(row.project_id)! } };
    await recordVersions(trx, operator, [updated], 'plan_changed', now);
    changed.push(updated);
  }
  return changed;
}

/** Moves a project to another plan; undefined when there is no such project. */
export function changeProjectPlan(db: Db, projectId: string, plan: Plan, now = new Date()) {
  return db.transaction().execute(async (trx) => {
    const project = await updateProjectPlan(trx, projectId, plan.id);
    if (!project) return undefined;
    await announceAuthChange(trx);
    return { paused_or_changed: await enforce(trx, [project], plan, now) };
  });
}

/** Changes a plan's allowances, for every project on it. */
export function changePlan(db: Db, id: string, changes: Partial<Omit<Plan, 'id'>>, now = new Date()) {
  return db.transaction().execute(async (trx) => {
    if (!(await findPlan(trx, id))) return undefined;
    const plan = await updatePlanRow(trx, id, changes);
    await announceAuthChange(trx);
    return { plan, paused_or_changed: await enforce(trx, await projectsOnPlan(trx, id), plan, now) };
  });
}
