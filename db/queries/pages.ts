import type { Db } from '../client.js';
import type { Bot, Member } from '../database.js';

export interface PageRequest {
  page: number;
  per_page: number;
}

export function pageInfo(req: PageRequest, total: number) {
  return { page: req.page, per_page: req.per_page, total, total_pages: Math.ceil(total / req.per_page) };
}

type Page<T> = { rows: T[]; pagination: ReturnType<typeof pageInfo> };

/** One page of a project's bots or members, oldest first, and how many there are in all. */
export function projectPage(db: Db, table: 'bots', projectId: string, req: PageRequest): Promise<Page<Bot>>;
export function projectPage(db: Db, table: 'members', projectId: string, req: PageRequest): Promise<Page<Member>>;
export async function projectPage(
  db: Db,
  table: 'bots' | 'members',
  projectId: string,
  req: PageRequest,
): Promise<Page<Bot | Member>> {
  const [rows, count] = await Promise.all([
    db
      .selectFrom(table)
      .selectAll()
      .where('project_id', '=', projectId)
      .orderBy('created_at')
      .orderBy('id')
      .limit(req.per_page)
      .offset((req.page - 1) * req.per_page)
      .execute(),
    db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('project_id', '=', projectId)
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, pagination: pageInfo(req, count.n) };
}
