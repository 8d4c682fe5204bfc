/** Paging and counting, computed one way for every list: `page` from 1, `per_page` rows, and the total. */
import type { Selectable, SelectQueryBuilder } from 'kysely';
import type { Db } from '../client.js';
import type { Database } from '../database.js';

export interface PageRequest {
  page: number;
  per_page: number;
}

export interface PageInfo {
  page: number;
  per_page: number;
  total: number;
  total_pages: number;
}

export interface Page<T> {
  rows: T[];
  pagination: PageInfo;
  /** With a keyset page: the id of the last row, when more rows follow it. */
  next?: string;
}

/** LIMIT and OFFSET of a page. */
export function pageWindow(req: PageRequest): { limit: number; offset: number } {
  return { limit: req.per_page, offset: (req.page - 1) * req.per_page };
}

export function pageInfo(req: PageRequest, total: number): PageInfo {
  return { page: req.page, per_page: req.per_page, total, total_pages: Math.ceil(total / req.per_page) };
}

/**
 * Reads a page's rows and its count from one snapshot, so a row committed in between never makes
 * the total disagree with the page (a total of 1 beside an empty page).
 */
export async function pageOf<T>(
  db: Db,
  req: PageRequest,
  rows: (q: Db) => Promise<T[]>,
  total: (q: Db) => Promise<number>,
): Promise<Page<T>> {
  const read = async (q: Db) => {
    const r = await rows(q);
    return { rows: r, pagination: pageInfo(req, await total(q)) };
  };
  if (db.isTransaction) return read(db);
  return db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(read);
}

/** The tables listed a page at a time by creation order: each has `created_at` and `id`. */
type Listed = 'bots' | 'members' | 'notifications' | 'heartbeats';

/**
 * A page of the rows `base` selects (its table and filters), in creation order (`desc`: newest
 * first), with their total from the same snapshot.
 */
export function pageRows<T extends Listed>(
  db: Db,
  req: PageRequest,
  base: (q: Db) => SelectQueryBuilder<Database, T, object>,
  order: 'asc' | 'desc' = 'asc',
): Promise<Page<Selectable<Database[T]>>> {
  const { limit, offset } = pageWindow(req);
  // Every listed table has the columns ordered by; one table's builder type stands for all.
  const scoped = (q: Db) => base(q) as unknown as SelectQueryBuilder<Database, 'bots', object>;
  return pageOf(
    db,
    req,
    (q) =>
      scoped(q)
        .selectAll()
        .orderBy('created_at', order)
        .orderBy('id', order)
        .limit(limit)
        .offset(offset)
        .execute() as unknown as Promise<Array<Selectable<Database[T]>>>,
    (q) => countOf(scoped(q)),
  );
}

/** How many rows a query selects: what a plan's cap, or a list's total, counts. */
export async function countOf<T extends keyof Database>(
  query: SelectQueryBuilder<Database, T, object>,
): Promise<number> {
  const row = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return row.n;
}
