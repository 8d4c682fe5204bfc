/**
 * A waiting run's claim of its start and the workflow's withdrawal of it, one row per (run key,
 * token): whichever is written first decides (activities/waiting-run.ts).
 */
import { sql } from 'kysely';
import type { Db } from '../client.js';

/**
 * Claims the run's start: true when it may start (claimed now, by an earlier attempt, or the run's
 * row is written already), false when the workflow withdrew it first.
 */
export async function claimRun(db: Db, runKey: string, token: string): Promise<boolean> {
  const row = await db
    .insertInto('run_claims')
    .columns(['run_key', 'token', 'withdrawn'])
    .expression(
      db
        .selectNoFrom([sql.val(runKey).as('run_key'), sql.val(token).as('token'), sql<boolean>`false`.as('withdrawn')])
        .where((eb) =>
          eb.not(eb.exists(eb.selectFrom('heartbeat_runs').select('run_key').where('run_key', '=', runKey))),
        ),
    )
    // The row already there answers: an earlier attempt's claim, or the workflow's withdrawal.
    .onConflict((oc) =>
      oc.columns(['run_key', 'token']).doUpdateSet({ withdrawn: (eb) => eb.ref('run_claims.withdrawn') }),
    )
    .returning('withdrawn')
    .executeTakeFirst();
  return row?.withdrawn !== true;
}

/** The claim or withdrawal already written, without writing one: undefined when there is none. */
export async function claimOf(db: Db, runKey: string, token: string): Promise<{ withdrawn: boolean } | undefined> {
  return db
    .selectFrom('run_claims')
    .select('withdrawn')
    .where('run_key', '=', runKey)
    .where('token', '=', token)
    .executeTakeFirst();
}

/**
 * Withdraws a waiting run: true when it will never start, false when it has started (or ended). A
 * run that ended removed its claim, so a withdrawal written after it finds the run's row instead.
 */
export async function withdrawRun(db: Db, runKey: string, token: string): Promise<boolean> {
  const written = await db
    .insertInto('run_claims')
    .values({ run_key: runKey, token, withdrawn: true })
    .onConflict((oc) => oc.columns(['run_key', 'token']).doNothing())
    .returning('withdrawn')
    .executeTakeFirst();
  if (!written) return (await claimOf(db, runKey, token))?.withdrawn === true;
  const ran = await db.selectFrom('heartbeat_runs').select('run_key').where('run_key', '=', runKey).executeTakeFirst();
  if (!ran) return true;
  await releaseClaim(db, runKey, token);
  return false;
}

/** Removes a claim once its run has ended, or a withdrawal once the withdrawn run has read it. */
export async function releaseClaim(db: Db, runKey: string, token: string): Promise<void> {
  await db.deleteFrom('run_claims').where('run_key', '=', runKey).where('token', '=', token).execute();
}
