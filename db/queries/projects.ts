/** SQL for projects: create, lock against its caps, change its plan. */
import type { Db } from '../client.js';
import type { Project } from '../database.js';
import { announceAuthChange } from './api-keys.js';

export async function createProject(db: Db, name: string, planId: string): Promise<Project> {
  return db.insertInto('projects').values({ name, plan_id: planId }).returningAll().executeTakeFirstOrThrow();
}

/**
 * Locks a project row until the transaction ends, so concurrent creates cannot both pass one of
 * its caps. FOR NO KEY UPDATE: runs and other rows that only reference the project never wait.
 */
export async function lockProject(trx: Db, projectId: string): Promise<void> {
  await trx.selectFrom('projects').select('id').where('id', '=', projectId).forNoKeyUpdate().execute();
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
