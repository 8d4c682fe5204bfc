/** Paging, computed one way for every list: `page` from 1, `per_page` rows, and the total. */
import type { Db } from '../client.js';

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
