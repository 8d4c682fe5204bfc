/** Workers' lateness reports, and the figure the API sheds reads by. */
import { sql } from 'kysely';
import type { Db } from '../client.js';

/** A worker's latest lateness figure (one row per worker, overwritten). */
export async function reportPressure(db: Db, workerId: string, latenessMs: number): Promise<void> {
  await db
    .insertInto('worker_pressure')
    .values({ worker_id: workerId, lateness_ms: Math.round(latenessMs) })
    .onConflict((oc) =>
      oc.column('worker_id').doUpdateSet({ lateness_ms: Math.round(latenessMs), updated_at: sql`now()` }),
    )
    .execute();
}

/** The worst lateness any worker reported in the last `withinSeconds` (0 when none did). */
export async function currentPressure(db: Db, withinSeconds: number): Promise<number> {
  const row = await db
    .selectFrom('worker_pressure')
    .select((eb) => eb.fn.coalesce(eb.fn.max('lateness_ms'), sql<number>`0`).as('lateness_ms'))
    .where('updated_at', '>', sql<Date>`now() - make_interval(secs => ${withinSeconds})`)
    .executeTakeFirstOrThrow();
  return Number(row.lateness_ms);
}

/** Forgets a worker's report (it is stopping). */
export async function clearPressure(db: Db, workerId: string): Promise<void> {
  await db.deleteFrom('worker_pressure').where('worker_id', '=', workerId).execute();
}
