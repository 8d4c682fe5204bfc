/**
 * SQL for heartbeats: find, lock, list, count, insert and change them, their sync with the workflow,
 * credit counters, and the context a run reads.
 */
import { sql } from 'kysely';
import { jsonArrayFrom, jsonObjectFrom } from 'kysely/helpers/postgres';
import type { RunStatus } from '../../domain/heartbeat.js';
import type { ContextMode } from '../../domain/outcome.js';
import type { Db } from '../client.js';
import type { Heartbeat, HeartbeatUpdate, NewHeartbeat } from '../database.js';
import { countOf, pageRows, type Page, type PageRequest } from './pages.js';

/** A live (not deleted) heartbeat of the project, or undefined. */
export function findHeartbeat(db: Db, projectId: string, heartbeatId: string): Promise<Heartbeat | undefined> {
  return db
    .selectFrom('heartbeats')
    .selectAll()
    .where('id', '=', heartbeatId)
    .where('project_id', '=', projectId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

/** The same, locked until the transaction ends (a configure reads, checks and writes it). */
export function lockHeartbeat(
  trx: Db,
  q: { projectId: string; botId: string; heartbeatId: string },
): Promise<Heartbeat | undefined> {
  return trx
    .selectFrom('heartbeats')
    .selectAll()
    .where('id', '=', q.heartbeatId)
    .where('project_id', '=', q.projectId)
    .where('bot_id', '=', q.botId)
    .where('deleted_at', 'is', null)
    .forUpdate()
    .executeTakeFirst();
}

/** The project's live heartbeats, oldest first, a page at a time: one bot's, one member's, or all. */
export function pageHeartbeats(
  db: Db,
  q: { projectId: string; botId?: string; memberId?: string },
  req: PageRequest,
): Promise<Page<Heartbeat>> {
  return pageRows(db, req, (d) => {
    let query = d.selectFrom('heartbeats').where('project_id', '=', q.projectId).where('deleted_at', 'is', null);
    if (q.botId) query = query.where('bot_id', '=', q.botId);
    if (q.memberId) query = query.where('member_id', '=', q.memberId);
    return query;
  });
}

/** The project's live heartbeats, named for a listing (the prompt's start), bot by bot, at most `limit`. */
export function listProjectHeartbeats(db: Db, projectId: string, limit: number) {
  return db
    .selectFrom('heartbeats')
    .select(['id', 'bot_id', 'enabled', sql<string>`left(prompt, 80)`.as('prompt_start')])
    .where('project_id', '=', projectId)
    .where('deleted_at', 'is', null)
    .orderBy('bot_id')
    .orderBy('created_at')
    .limit(limit)
    .execute();
}

export function countBotHeartbeats(db: Db, botId: string): Promise<number> {
  return countOf(db.selectFrom('heartbeats').where('bot_id', '=', botId).where('deleted_at', 'is', null));
}

export function insertHeartbeat(db: Db, values: NewHeartbeat): Promise<Heartbeat> {
  return db.insertInto('heartbeats').values(values).returningAll().executeTakeFirstOrThrow();
}

/**
 * Writes changes to a live heartbeat; `newVersion` bumps its version (what a change the workflow
 * must hear is), atomically, so concurrent changes each get one. Undefined when the heartbeat was
 * deleted meanwhile.
 */
export function updateHeartbeat(
  db: Db,
  heartbeatId: string,
  changes: HeartbeatUpdate,
  opts: { newVersion?: boolean } = {},
): Promise<Heartbeat | undefined> {
  return db
    .updateTable('heartbeats')
    .set(changes)
    .$if(opts.newVersion === true, (q) => q.set((eb) => ({ version: eb('version', '+', 1) })))
    .where('id', '=', heartbeatId)
    .where('deleted_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

/** The projects' live, enabled heartbeats, locked, by bot and oldest first (a plan change goes through them). */
export function enabledHeartbeatsOf(trx: Db, projectIds: string[]): Promise<Heartbeat[]> {
  if (projectIds.length === 0) return Promise.resolve([]);
  return trx
    .selectFrom('heartbeats')
    .selectAll()
    .where('project_id', 'in', projectIds)
    .where('enabled', '=', true)
    .where('deleted_at', 'is', null)
    .orderBy('bot_id')
    .orderBy('created_at')
    .forUpdate()
    .execute();
}

/** Changes every live, enabled heartbeat of a bot, each to a new version; returns them as they now are. */
export function updateEnabledBotHeartbeats(db: Db, botId: string, changes: HeartbeatUpdate): Promise<Heartbeat[]> {
  return db
    .updateTable('heartbeats')
    .set(changes)
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .where('bot_id', '=', botId)
    .where('enabled', '=', true)
    .where('deleted_at', 'is', null)
    .returningAll()
    .execute();
}

/** Marks every live heartbeat of a bot deleted; each row goes once its workflow is told. */
export function markBotHeartbeatsDeleted(db: Db, botId: string, at: Date): Promise<Heartbeat[]> {
  return db
    .updateTable('heartbeats')
    .set({ deleted_at: at, enabled: false })
    .where('bot_id', '=', botId)
    .where('deleted_at', 'is', null)
    .returningAll()
    .execute();
}

/**
 * Removes a row marked deleted, once its workflow has been told to end, and leaves its tombstone
 * in the same statement: from then on no copy of the row read earlier can start it again.
 */
export async function purgeDeletedHeartbeat(db: Db, heartbeatId: string): Promise<void> {
  await db
    .with('gone', (q) =>
      q
        .deleteFrom('heartbeats')
        .where('id', '=', heartbeatId)
        .where('deleted_at', 'is not', null)
        .returning(['id', 'project_id', 'deleted_at']),
    )
    .insertInto('heartbeat_tombstones')
    .columns(['id', 'project_id', 'deleted_at'])
    .expression((eb) => eb.selectFrom('gone').select(['id', 'project_id', 'deleted_at']))
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

/** Marks a heartbeat deleted if it is not yet (its workflow ended with a delete). */
export async function markDeleted(db: Db, heartbeatId: string): Promise<void> {
  await db
    .updateTable('heartbeats')
    .set({ deleted_at: new Date(), enabled: false })
    .where('id', '=', heartbeatId)
    .where('deleted_at', 'is', null)
    .execute();
}

/** Whether a heartbeat has been deleted and its row removed. */
export async function isTombstoned(db: Db, heartbeatId: string): Promise<boolean> {
  const row = await db.selectFrom('heartbeat_tombstones').select('id').where('id', '=', heartbeatId).executeTakeFirst();
  return row !== undefined;
}

/** Records what the workflow has been told, only if the row still says exactly that. */
export async function markSynced(db: Db, row: Pick<Heartbeat, 'id' | 'version' | 'enabled'>): Promise<void> {
  await db
    .updateTable('heartbeats')
    .set({ synced_version: row.version, synced_enabled: row.enabled })
    .where('id', '=', row.id)
    .where('version', '=', row.version)
    .where('enabled', '=', row.enabled)
    .execute();
}

/** Rows whose workflow has not caught up with them, oldest change first. */
export function unsyncedHeartbeats(db: Db, limit: number): Promise<Heartbeat[]> {
  return db
    .selectFrom('heartbeats')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb('synced_version', '<', eb.ref('version')),
        eb('synced_enabled', '<>', eb.ref('enabled')),
        eb('deleted_at', 'is not', null),
      ]),
    )
    .orderBy('updated_at')
    .limit(limit)
    .execute();
}

/** How many live heartbeats are enabled, narrowed like the stats. */
export async function countEnabledHeartbeats(
  db: Db,
  f: { projectId: string; heartbeatId?: string; memberId?: string; botId?: string },
): Promise<number> {
  let q = db
    .selectFrom('heartbeats')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('project_id', '=', f.projectId)
    .where('enabled', '=', true)
    .where('deleted_at', 'is', null);
  if (f.heartbeatId) q = q.where('id', '=', f.heartbeatId);
  if (f.memberId) q = q.where('member_id', '=', f.memberId);
  if (f.botId) q = q.where('bot_id', '=', f.botId);
  return (await q.executeTakeFirstOrThrow()).n;
}

/** A heartbeat's credit counter and its project's billing anchor. */
export function creditCounter(db: Db, heartbeatId: string, opts: { forUpdate?: boolean } = {}) {
  const query = db
    .selectFrom('heartbeats')
    .innerJoin('projects', 'projects.id', 'heartbeats.project_id')
    .select(['heartbeats.credits_used', 'heartbeats.credits_period_start', 'projects.billing_anchor'])
    .where('heartbeats.id', '=', heartbeatId);
  return (opts.forUpdate ? query.forUpdate() : query).executeTakeFirst();
}

/** Adds a run's effect to the heartbeat's counters: credits of the period, executions, errors, last run. */
export async function addRunToCounters(
  db: Db,
  heartbeatId: string,
  run: { status: RunStatus; credits_used: number; period_start: Date; at: Date },
): Promise<void> {
  const ran = run.status !== 'skipped';
  await db
    .updateTable('heartbeats')
    .set({
      credits_used: run.credits_used,
      credits_period_start: run.period_start,
      ...(ran && {
        execution_count: sql<number>`execution_count + 1`,
        error_count: run.status === 'error' ? sql<number>`error_count + 1` : sql<number>`error_count`,
        last_executed_at: run.at,
        last_status: run.status,
      }),
    })
    .where('id', '=', heartbeatId)
    .execute();
}

/** What a run's context query reads beyond the usual: set by the heartbeat's options. */
export interface RunContextOptions {
  /** What the run is told of earlier runs (default `today`: the day's exchanges). */
  context?: ContextMode;
  /** How many runs a `digest` summarises. */
  contextRuns?: number;
  /** The bot's webhook secret (sealed), to sign a precheck with. */
  webhookSecret?: boolean;
  /** What earlier attempts of the run noted (a local activity's attempts). */
  attemptNotes?: boolean;
}

/** How far back a digest looks for runs with a summary: the latest this many runs. */
const DIGEST_LOOKBACK = 200;

/**
 * Everything a run needs, in one statement: the heartbeat's credit counter and its project's
 * billing anchor, the bot's model and instruction, its MCP servers, what the run is told of
 * earlier runs (today's successful exchanges, newest first; or the latest runs' summaries), and
 * the run's own row and notifications still to send if an earlier attempt already wrote them.
 */
export function runContext(
  db: Db,
  q: { heartbeatId: string; since: Date; runKey: string; historyRuns: number } & RunContextOptions,
) {
  const mode = q.context ?? 'today';
  return (
    db
      .selectFrom('heartbeats as h')
      .innerJoin('projects as p', 'p.id', 'h.project_id')
      .leftJoin('bots as b', (join) => join.onRef('b.id', '=', 'h.bot_id').onRef('b.project_id', '=', 'h.project_id'))
      .select(['h.credits_used', 'h.credits_period_start', 'p.billing_anchor', 'b.model', 'b.instruction'])
      .$if(q.webhookSecret === true, (qb) => qb.select('b.webhook_secret'))
      .$if(mode === 'today', (qb) =>
        qb.select((eb) =>
          jsonArrayFrom(
            eb
              .selectFrom('heartbeat_runs as r')
              .select(['r.prompt', 'r.response'])
              .whereRef('r.project_id', '=', 'h.project_id')
              .whereRef('r.heartbeat_id', '=', 'h.id')
              .where('r.status', '=', 'success')
              .where('r.created_at', '>=', q.since)
              .where('r.run_key', '<>', q.runKey)
              .orderBy('r.created_at', 'desc')
              .limit(q.historyRuns),
          ).as('history'),
        ),
      )
      .$if(mode === 'digest', (qb) =>
        qb.select((eb) =>
          jsonArrayFrom(
            eb
              .selectFrom((sub) =>
                sub
                  .selectFrom('heartbeat_runs as r')
                  .select(['r.created_at', 'r.outcome', 'r.summary'])
                  .whereRef('r.project_id', '=', 'h.project_id')
                  .whereRef('r.heartbeat_id', '=', 'h.id')
                  .where('r.run_key', '<>', q.runKey)
                  .orderBy('r.created_at', 'desc')
                  .limit(DIGEST_LOOKBACK)
                  .as('latest'),
              )
              .select(['latest.created_at', 'latest.outcome', 'latest.summary'])
              .where('latest.summary', 'is not', null)
              .orderBy('latest.created_at', 'desc')
              .limit(q.contextRuns ?? 5),
          ).as('digest'),
        ),
      )
      .select((eb) => [
        jsonArrayFrom(
          eb
            .selectFrom('bot_tools as t')
            .select(['t.id', 't.server_label', 't.server_url', 't.headers'])
            .whereRef('t.bot_id', '=', 'h.bot_id')
            .orderBy('t.created_at'),
        ).as('tools'),
        jsonObjectFrom(
          eb
            .selectFrom('heartbeat_runs as e')
            .select([
              'e.status',
              'e.reason',
              'e.response',
              'e.error_message',
              'e.tokens_used',
              'e.credits_charged',
              'e.duration_ms',
              'e.outcome',
              'e.summary',
              'e.next_check_in_minutes',
            ])
            .where('e.run_key', '=', q.runKey),
        ).as('existing'),
        jsonArrayFrom(
          eb
            .selectFrom('notifications as n')
            .select('n.id')
            .where('n.run_key', '=', q.runKey)
            .where('n.suppressed', '=', false)
            .orderBy('n.notification_key'),
        ).as('notifications'),
      ])
      // A local activity's attempts leave their notes in the database (activities/attempts.ts).
      .$if(q.attemptNotes === true, (qb) =>
        qb.select((eb) =>
          eb.selectFrom('run_attempts as a').select('a.details').where('a.run_key', '=', q.runKey).as('attempt_notes'),
        ),
      )
      .where('h.id', '=', q.heartbeatId)
      .executeTakeFirst()
  );
}

/** A bot's heartbeats with their anchors and credit counters (the fault run's accounting). */
export function botHeartbeatCounters(db: Db, botId: string) {
  return db.selectFrom('heartbeats').select(['id', 'anchor_at', 'credits_used']).where('bot_id', '=', botId).execute();
}
