/** SQL for plans: list, find, insert, update. */
import type { Db } from '../client.js';
import type { Plan } from '../database.js';

export function listPlans(db: Db): Promise<Plan[]> {
  return db.selectFrom('plans').selectAll().orderBy('rate_limit_per_minute').orderBy('id').execute();
}

export function findPlan(db: Db, id: string): Promise<Plan | undefined> {
  return db.selectFrom('plans').selectAll().where('id', '=', id).executeTakeFirst();
}

export function insertPlan(db: Db, plan: Plan): Promise<Plan> {
  return db.insertInto('plans').values(plan).returningAll().executeTakeFirstOrThrow();
}

/** Changes a plan's allowances (within the caller's transaction, which announces it). */
export function updatePlanRow(trx: Db, id: string, changes: Partial<Omit<Plan, 'id'>>): Promise<Plan> {
  return trx.updateTable('plans').set(changes).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}
