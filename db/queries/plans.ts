import type { Db } from '../client.js';
import type { Plan } from '../database.js';

export function listPlans(db: Db): Promise<Plan[]> {
  return db.selectFrom('plans').selectAll().orderBy('rate_limit_per_minute').orderBy('id').execute();
}

export function findPlan(db: Db, id: string): Promise<Plan | undefined> {
  return db.selectFrom('plans').selectAll().where('id', '=', id).executeTakeFirst();
}
