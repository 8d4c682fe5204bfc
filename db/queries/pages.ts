/** Paging, computed one way for every list: `page` from 1, `per_page` rows, and the total. */

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

/** Runs the page's rows and its count side by side. */
export async function pageOf<T>(req: PageRequest, rows: Promise<T[]>, total: Promise<number>): Promise<Page<T>> {
  const [r, t] = await Promise.all([rows, total]);
  return { rows: r, pagination: pageInfo(req, t) };
}
