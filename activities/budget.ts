import type { Db } from '../db/client.js';
import { billingPeriod } from './billing.js';
import type { BudgetCheck, BudgetCheckInput } from './types.js';

/** Whether the heartbeat may spend credits now, and what it has spent this billing period. */
export async function checkBudget(db: Db, input: BudgetCheckInput): Promise<BudgetCheck> {
  const row = await db
    .selectFrom('heartbeats')
    .innerJoin('projects', 'projects.id', 'heartbeats.project_id')
    .select(['heartbeats.credits_used', 'heartbeats.credits_period_start', 'projects.billing_anchor'])
    .where('heartbeats.id', '=', input.heartbeat_id)
    .executeTakeFirst();
  const anchor = row?.billing_anchor ?? new Date(0);
  const period = billingPeriod(anchor, new Date(input.at));
  const samePeriod = row?.credits_period_start?.getTime() === period.start.getTime();
  const creditsUsed = row && samePeriod ? row.credits_used : 0;
  return {
    allowed: input.credit_budget === null || creditsUsed < input.credit_budget,
    credits_used: creditsUsed,
    period_start: period.start.toISOString(),
    period_end: period.end.toISOString(),
  };
}
