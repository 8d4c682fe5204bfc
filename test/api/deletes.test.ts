/**
 * Deletes stay deleted: a copy of a heartbeat's row read before its delete never starts its
 * workflow again, and a change racing a delete answers 404, never 500.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncHeartbeat } from '../../api/reconciler.js';
import { HeartbeatGoneError } from '../../api/temporal.js';
import { heartbeatWorkflowId } from '../../contract/workflow.js';
import { findHeartbeat } from '../../db/queries/heartbeats.js';
import { appDefaults, caller, createStack, seedProject, type Seed, type Stack } from '../helpers/stack.js';

let stack: Stack;
let s: Seed;
let api: ReturnType<typeof caller>;
beforeAll(async () => {
  stack = await createStack();
  s = await seedProject(stack.db, 'pro');
  api = caller(stack.app, s.key);
});
afterAll(async () => {
  await stack?.close();
});

const deps = () => ({ db: stack.db, temporal: stack.temporal, log: appDefaults.log });

async function created(enabled = true) {
  const res = await api.post('/v1/bot/heartbeat/configure', {
    project_id: s.projectId,
    bot_id: s.botId,
    prompt: 'Check',
    interval_minutes: 60,
    enabled,
  });
  expect(res.status).toBe(200);
  return res.body.heartbeat.uuid as string;
}

const status = async (id: string) =>
  (await stack.client.workflow.getHandle(heartbeatWorkflowId(id)).describe()).status.name;

describe('a deleted heartbeat', () => {
  it('is not started again by a copy of its row read before the delete', async () => {
    const id = await created();
    const stale = (await findHeartbeat(stack.db, s.projectId, id))!;
    const del = await api.del('/v1/bot/heartbeat/delete', { project_id: s.projectId, heartbeat_id: id });
    expect(del.status).toBe(200);
    await stack.client.workflow.getHandle(heartbeatWorkflowId(id)).result();

    // What the reconciler or a concurrent configure would send with the copy: a newer version.
    await syncHeartbeat(deps(), { ...stale, version: stale.version + 1 });
    await syncHeartbeat(deps(), { ...stale, enabled: !stale.enabled });
    expect(await status(id)).toBe('COMPLETED');
    // Temporal itself refuses to start what a delete completed, for a start that skips the check.
    await expect(stack.temporal.configure({ ...stale, version: stale.version + 1 })).rejects.toBeInstanceOf(
      HeartbeatGoneError,
    );
    await expect(stack.temporal.trigger(stale, 'late-trigger', Date.now() + 10_000)).rejects.toBeInstanceOf(
      HeartbeatGoneError,
    );
    expect(await status(id)).toBe('COMPLETED');
  });

  it('stays deleted once Temporal has forgotten its workflow: the tombstone is checked first', async () => {
    // A heartbeat whose workflow never ran here (or was removed past the namespace's retention).
    const id = await created(false);
    const row = (await findHeartbeat(stack.db, s.projectId, id))!;
    await stack.client.workflow.getHandle(heartbeatWorkflowId(id)).terminate('gone past retention');
    await sql`delete from heartbeats where id = ${id}`.execute(stack.db);
    await sql`insert into heartbeat_tombstones (id, project_id, deleted_at) values (${id}, ${s.projectId}, now())`.execute(
      stack.db,
    );
    await syncHeartbeat(deps(), { ...row, version: row.version + 1 });
    expect(await status(id)).toBe('TERMINATED');
  });
});

describe('a change racing a delete', () => {
  it('answers 404 when the heartbeat is purged while the change waits for its row', async () => {
    for (const action of ['enable', 'disable', 'delete'] as const) {
      const id = await created(action === 'disable');
      // The delete holds the row; the change has read it and waits to write it.
      const deleting = stack.db.transaction().execute(async (trx) => {
        await sql`select id from heartbeats where id = ${id} for update`.execute(trx);
        const change =
          action === 'delete'
            ? api.del('/v1/bot/heartbeat/delete', { project_id: s.projectId, heartbeat_id: id })
            : api.post(`/v1/bot/heartbeat/${action}`, { project_id: s.projectId, heartbeat_id: id });
        await waitForLockWaiter(action === 'delete' ? 'deleted_at' : 'enabled');
        await sql`delete from heartbeats where id = ${id}`.execute(trx);
        return { change }; // not awaited here: it waits for this transaction to end
      });
      const answer = await (await deleting).change;
      expect(answer.status, `${action}: ${JSON.stringify(answer.body)}`).toBe(404);
      expect(answer.body.error.code).toBe('heartbeat_not_found');
    }
  });
});

/**
 * Until a session waits for a row lock to write `column` of a heartbeat. Asked on a connection of
 * its own: within a transaction, PostgreSQL answers from a snapshot of its statistics.
 */
async function waitForLockWaiter(column: string) {
  for (;;) {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from pg_stat_activity
      where wait_event_type = 'Lock' and query like ${`update "heartbeats" set "${column}"%`}`.execute(stack.db);
    if (rows[0]!.n > 0) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}
