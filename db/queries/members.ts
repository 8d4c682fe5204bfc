/** SQL for members: insert, count, check, delete and page. */
import type { Db } from '../client.js';
import type { Member } from '../database.js';
import { countOf, pageRows, type Page, type PageRequest } from './pages.js';

export function insertMember(
  db: Db,
  values: { project_id: string; name: string | null; email: string | null; external_id: string | null },
): Promise<Member> {
  return db.insertInto('members').values(values).returningAll().executeTakeFirstOrThrow();
}

export function countProjectMembers(db: Db, projectId: string): Promise<number> {
  return countOf(db.selectFrom('members').where('project_id', '=', projectId));
}

export async function memberExists(db: Db, projectId: string, memberId: string): Promise<boolean> {
  const row = await db
    .selectFrom('members')
    .select('id')
    .where('id', '=', memberId)
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Removes a member of the project; undefined when there is none with that id. */
export function deleteMember(db: Db, projectId: string, memberId: string): Promise<Member | undefined> {
  return db
    .deleteFrom('members')
    .where('id', '=', memberId)
    .where('project_id', '=', projectId)
    .returningAll()
    .executeTakeFirst();
}

/** The project's members, oldest first. */
export function pageMembers(db: Db, projectId: string, req: PageRequest): Promise<Page<Member>> {
  return pageRows(db, req, (q) => q.selectFrom('members').where('project_id', '=', projectId));
}
