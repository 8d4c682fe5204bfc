/**
 * Heartbeats' forecasts: the schedule's due times over the billing period (laid out once per
 * heartbeat version and period, and kept), their latest runs' pace, and their budget.
 */
import { recentCreditAverages } from '../../db/queries/run-averages.js';
import type { Heartbeat } from '../../db/database.js';
import { billingPeriod, creditsInPeriod } from '../../domain/billing.js';
import { duePlan, forecastOf, type DuePlan, type Forecast } from '../../domain/forecast.js';
import type { Caller } from '../access.js';
import type { ServiceDeps } from '../deps.js';
import { toWorkflowConfig } from '../mappers.js';

/** Plans laid out, per app: a read costs counting, not laying out, until the heartbeat changes. */
const plans = new WeakMap<ServiceDeps, Map<string, DuePlan>>();
const MAX_PLANS = 10_000;

function planOf(deps: ServiceDeps, row: Heartbeat, period: { start: Date; end: Date }): DuePlan {
  let cache = plans.get(deps);
  if (!cache) plans.set(deps, (cache = new Map()));
  const key = `${row.id}:${row.version}:${period.start.toISOString()}`;
  let plan = cache.get(key);
  if (!plan) {
    // An adaptive heartbeat is forecast at its interval: the most it can run.
    plan = duePlan(toWorkflowConfig(row), period.start, period.end);
    if (cache.size >= MAX_PLANS) cache.delete(cache.keys().next().value!);
    cache.set(key, plan);
  }
  return plan;
}

/** The runs a schedule has in the project's current billing period (preview's answer). */
export function runsPerPeriod(owner: Caller, spec: Parameters<typeof duePlan>[0], now: Date): number {
  const period = billingPeriod(owner.project.billing_anchor, now);
  return duePlan(spec, period.start, period.end).total;
}

/** The forecast of each heartbeat, by id: one statement for their latest runs, however many. */
export async function forecastsOf(deps: ServiceDeps, owner: Caller, rows: Heartbeat[]): Promise<Map<string, Forecast>> {
  const now = deps.now();
  const anchor = owner.project.billing_anchor;
  const period = billingPeriod(anchor, now);
  const averages = await recentCreditAverages(
    deps.db,
    owner.project.id,
    rows.map((r) => r.id),
  );
  return new Map(
    rows.map((row) => [
      row.id,
      forecastOf(planOf(deps, row, period), {
        period,
        now,
        scheduled: row.enabled && row.deleted_at === null,
        credits_used: creditsInPeriod(row, anchor, now),
        credit_budget: row.credit_budget,
        avg_credits_per_run: averages.get(row.id) ?? 0,
      }),
    ]),
  );
}
