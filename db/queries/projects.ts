import type { Db } from '../client.js';
import type { Project } from '../database.js';
import { announceAuthChange } from './api-keys.js';

export async function createProject(db: Db, name: string, planId: string): Promise<Project> {
  return db.insertInto('projects').values({ name, plan_id: planId }).returningAll().executeTakeFirstOrThrow();
}

export async function setProjectPlan(db: Db, projectId: string, planId: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('projects')
      .set({ plan_id: planId })
      .where('id', '=', projectId)
      .executeTakeFirst();
    await announceAuthChange(trx);
    return result.numUpdatedRows > 0n;
  });
}
