import { billingPeriod, creditsInPeriod } from '../domain/billing.js';
import type { BudgetCheck, BudgetCheckInput } from '../contract/activities.js';
import type { Db } from '../db/client.js';
import { creditCounter } from '../db/queries/heartbeats.js';

/** Whether the heartbeat may spend credits now, and what it has spent this billing period. */
export async function checkBudget(db: Db, input: BudgetCheckInput): Promise<BudgetCheck> {
  const at = new Date(input.at);
  const counter = await creditCounter(db, input.heartbeat_id);
  const period = billingPeriod(counter?.billing_anchor ?? new Date(0), at);
  const creditsUsed = counter ? creditsInPeriod(counter, counter.billing_anchor, at) : 0;
  return {
    allowed: input.credit_budget === null || creditsUsed < input.credit_budget,
    credits_used: creditsUsed,
    period_start: period.start.toISOString(),
    period_end: period.end.toISOString(),
  };
}
