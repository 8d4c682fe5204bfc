/** SQL for projects: create, lock against its caps, change its plan. */
import type { Db } from '../client.js';
import type { Project } from '../database.js';

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

/** A project's id and billing anchor: what a change to its heartbeats records them with. */
export type ProjectAnchor = Pick<Project, 'id' | 'billing_anchor'>;

/** Moves a project to another plan (within the caller's transaction, which announces it). */
export function updateProjectPlan(trx: Db, projectId: string, planId: string): Promise<ProjectAnchor | undefined> {
  return trx
    .updateTable('projects')
    .set({ plan_id: planId })
    .where('id', '=', projectId)
    .returning(['id', 'billing_anchor'])
    .executeTakeFirst();
}

/** The projects on a plan. */
export function projectsOnPlan(db: Db, planId: string): Promise<ProjectAnchor[]> {
  return db.selectFrom('projects').select(['id', 'billing_anchor']).where('plan_id', '=', planId).execute();
}
