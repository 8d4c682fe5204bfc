/** The run history and its aggregates over a known data set: paging, filters, totals, the daily series. */
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordRun } from '../../activities/runs.js';
import type { RecordRunInput } from '../../contract/activities.js';
import { caller, createStack, seedProject, type Seed, type Stack } from '../helpers/stack.js';

let stack: Stack;
let s: Seed;
let api: ReturnType<typeof caller>;
const hb1 = randomUUID();
const hb2 = randomUUID();
let member: string;
const today = DateTime.utc().startOf('day');

/** A run of `seed`'s bot as the run path records it, at `when`. */
function runRow(seed: Seed, over: Omit<Partial<RecordRunInput>, 'at'> & { when: DateTime }): RecordRunInput {
  const { when: at, ...rest } = over;
  return {
    project_id: seed.projectId,
    bot_id: seed.botId,
    heartbeat_id: hb1,
    member_id: null,
    run_key: randomUUID(),
    type: 'heartbeat',
    status: 'success',
    reason: null,
    missed_count: null,
    prompt: 'p',
    response: 'r',
    error_message: null,
    duration_ms: 100,
    tokens_used: 1000,
    credits_charged: 1,
    scheduled_for: at.toISO(),
    at: at.toISO()!,
    ...rest,
  };
}

/** A known data set, written through the real write path: runs today, 2 days ago and 40 days ago. */
beforeAll(async () => {
  // The API's clock is pinned to noon of the data set's day, so the test holds across midnight.
  stack = await createStack({ now: () => today.plus({ hours: 12 }).toJSDate() });
  s = await seedProject(stack.db, 'pro');
  api = caller(stack.app, s.key);
  member = (await api.post('/v1/bot/subscriber/create', { project_id: s.projectId, name: 'M' })).body.member.uuid;
  const row = (over: Omit<Partial<RecordRunInput>, 'at'> & { when: DateTime }) => runRow(s, over);
  const rows: RecordRunInput[] = [];
  // Today: 3 successes (hb1), 1 error (hb2, manual, member), 1 skipped (hb1).
  for (let i = 0; i < 3; i++) rows.push(row({ when: today.plus({ hours: 1, minutes: i }) }));
  rows.push(
    row({
      when: today.plus({ hours: 2 }),
      heartbeat_id: hb2,
      type: 'manual',
      status: 'error',
      error_message: 'boom',
      member_id: member,
      duration_ms: 300,
      tokens_used: 500,
    }),
  );
  rows.push(
    row({
      when: today.plus({ hours: 3 }),
      status: 'skipped',
      reason: 'budget_exhausted',
      duration_ms: 0,
      tokens_used: 0,
      credits_charged: 0,
    }),
  );
  // Two days ago: 2 successes of hb2.
  for (let i = 0; i < 2; i++)
    rows.push(row({ when: today.minus({ days: 2 }).plus({ hours: 5 + i }), heartbeat_id: hb2, credits_charged: 2 }));
  // 40 days ago: outside the default 30 days.
  rows.push(row({ when: today.minus({ days: 40 }) }));
  for (const r of rows) await recordRun({ db: stack.db }, r);
});
afterAll(async () => {
  await stack?.close();
});

describe('GET /v1/bot/heartbeat/logs', () => {
  it('pages newest first, with totals', async () => {
    const page1 = await api.get('/v1/bot/heartbeat/logs', { project_id: s.projectId, per_page: 3 });
    expect(page1.body.total).toBe(8);
    expect(page1.body.pagination).toEqual({ page: 1, per_page: 3, total: 8, total_pages: 3 });
    expect(page1.body.logs.map((l: { status: string }) => l.status)).toEqual(['skipped', 'error', 'success']);
    expect(page1.body.logs[0]).toMatchObject({ reason: 'budget_exhausted', type: 'heartbeat', heartbeat_id: hb1 });
    const page3 = await api.get('/v1/bot/heartbeat/logs', { project_id: s.projectId, per_page: 3, page: 3 });
    expect(page3.body.logs).toHaveLength(2);
    const all = [
      ...page1.body.logs,
      ...(await api.get('/v1/bot/heartbeat/logs', { project_id: s.projectId, per_page: 3, page: 2 })).body.logs,
      ...page3.body.logs,
    ];
    const times = all.map((l: { created_at: string }) => Date.parse(l.created_at));
    expect([...times].sort((x, y) => y - x)).toEqual(times);
    expect(new Set(all.map((l: { uuid: string }) => l.uuid)).size).toBe(8);
  });

  it('follows next_cursor, or the Link header, to the end: every run once, newest first', async () => {
    const seen: string[] = [];
    let path: string | undefined = `/v1/bot/heartbeat/logs?project_id=${s.projectId}&per_page=3`;
    while (path) {
      const res = await stack.app.request(path, { headers: { authorization: `Bearer ${s.key}` } });
      const body = (await res.json()) as { logs: Array<{ uuid: string }>; next_cursor: string | null };
      seen.push(...body.logs.map((l) => l.uuid));
      const link = res.headers.get('link');
      expect(Boolean(link)).toBe(body.next_cursor !== null);
      path = link ? /^<([^>]+)>; rel="next"$/.exec(link)![1] : undefined;
    }
    expect(seen).toHaveLength(8);
    expect(new Set(seen).size).toBe(8);
    const paged = await api.get('/v1/bot/heartbeat/logs', { project_id: s.projectId, per_page: 8 });
    expect(paged.body.logs.map((l: { uuid: string }) => l.uuid)).toEqual(seen);
    expect(paged.body.next_cursor).toBeNull();
  });

  it('a cursor holds its place while new runs arrive; one the API did not give is a 400', async () => {
    const other = await seedProject(stack.db, 'pro');
    const api2 = caller(stack.app, other.key);
    const heartbeatId = randomUUID();
    const write = (minutes: number) =>
      recordRun(
        { db: stack.db },
        runRow(other, { when: today.plus({ hours: 6, minutes }), heartbeat_id: heartbeatId }),
      );
    for (const minutes of [1, 2, 3]) await write(minutes);
    const first = await api2.get('/v1/bot/heartbeat/logs', { project_id: other.projectId, per_page: 2 });
    await write(4); // newer than everything: page 2 by number would show a run of page 1 again
    const next = await api2.get('/v1/bot/heartbeat/logs', {
      project_id: other.projectId,
      per_page: 2,
      cursor: first.body.next_cursor,
    });
    const ids = [...first.body.logs, ...next.body.logs].map((l: { uuid: string }) => l.uuid);
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(3);
    expect(next.body.next_cursor).toBeNull();

    const bad = await api2.get('/v1/bot/heartbeat/logs', { project_id: other.projectId, cursor: 'not-a-cursor' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0]).toMatchObject({ field: 'cursor', code: 'invalid_cursor' });
  });

  it('filters by type: heartbeat (scheduled) or manual (triggered)', async () => {
    const manual = await api.get('/v1/bot/heartbeat/logs', { project_id: s.projectId, type: 'manual' });
    expect(manual.body.total).toBe(1);
    expect(manual.body.logs).toMatchObject([{ type: 'manual', status: 'error', heartbeat_id: hb2 }]);
    const scheduled = await api.get('/v1/bot/heartbeat/logs', { project_id: s.projectId, type: 'heartbeat' });
    expect(scheduled.body.total).toBe(7);
  });

  it('filters by heartbeat, member, status and time range', async () => {
    const q = { project_id: s.projectId };
    expect((await api.get('/v1/bot/heartbeat/logs', { ...q, heartbeat_id: hb2 })).body.total).toBe(3);
    const byMember = await api.get('/v1/bot/heartbeat/logs', { ...q, member_id: member });
    expect(byMember.body.logs).toHaveLength(1);
    expect(byMember.body.logs[0]).toMatchObject({
      type: 'manual',
      status: 'error',
      error_message: 'boom',
      member_id: member,
    });
    expect((await api.get('/v1/bot/heartbeat/logs', { ...q, status: 'success' })).body.total).toBe(6);
    const ranged = await api.get('/v1/bot/heartbeat/logs', {
      ...q,
      from: today.minus({ days: 3 }).toISO()!,
      to: today.minus({ days: 1 }).toISO()!,
    });
    expect(ranged.body.total).toBe(2);
    // Partial days at both ends: 2 days ago from 05:30 (one of its two runs) to today 02:30 (four of five).
    const partial = await api.get('/v1/bot/heartbeat/logs', {
      ...q,
      from: today.minus({ days: 2 }).plus({ hours: 5, minutes: 30 }).toISO()!,
      to: today.plus({ hours: 2, minutes: 30 }).toISO()!,
    });
    expect(partial.body.total).toBe(5);
    expect(partial.body.logs).toHaveLength(5);
  });
});

describe('GET /v1/bot/heartbeat/stats', () => {
  it('aggregates the last 30 days with a zero-filled daily series', async () => {
    const res = await api.get('/v1/bot/heartbeat/stats', { project_id: s.projectId });
    const st = res.body.stats;
    expect(st).toMatchObject({
      total_executions: 7,
      success_count: 5,
      error_count: 1,
      skipped_count: 1,
      total_tokens: 5 * 1000 + 500,
      total_credits: 3 + 1 + 4,
      by_type: { heartbeat: 6, manual: 1 },
    });
    expect(st.success_rate).toBeCloseTo(5 / 6, 10);
    expect(st.avg_duration_ms).toBe(Math.round((5 * 100 + 300) / 6));
    expect(st.time_series).toHaveLength(30);
    expect(st.time_series[0].date).toBe(today.minus({ days: 29 }).toISODate());
    // Each day: runs by status, tokens, credits and the mean duration of the runs that ran.
    expect(st.time_series[29]).toEqual({
      date: today.toISODate(),
      total: 5,
      success: 3,
      error: 1,
      skipped: 1,
      tokens: 3 * 1000 + 500,
      credits: 3 + 1,
      avg_duration_ms: (3 * 100 + 300) / 4,
      // None of these runs reported an outcome: the four that ran are unreported.
      outcomes: { nothing_to_report: 0, progress: 0, needs_attention: 0, unreported: 4 },
    });
    expect(st.time_series[27]).toEqual({
      date: today.minus({ days: 2 }).toISODate(),
      total: 2,
      success: 2,
      error: 0,
      skipped: 0,
      tokens: 2000,
      credits: 4,
      avg_duration_ms: 100,
      outcomes: { nothing_to_report: 0, progress: 0, needs_attention: 0, unreported: 2 },
    });
    expect(st.time_series.filter((d: { total: number }) => d.total === 0)).toHaveLength(28);
  });

  it('narrows by days and heartbeat, and is all zero without runs', async () => {
    const one = (await api.get('/v1/bot/heartbeat/stats', { project_id: s.projectId, days: 1 })).body.stats;
    expect(one).toMatchObject({
      total_executions: 5,
      time_series: [{ date: today.toISODate(), total: 5, success: 3, error: 1, skipped: 1 }],
    });
    const hb = (await api.get('/v1/bot/heartbeat/stats', { project_id: s.projectId, heartbeat_id: hb2 })).body.stats;
    expect(hb).toMatchObject({ total_executions: 3, success_count: 2, error_count: 1 });
    const empty = (
      await api.get('/v1/bot/heartbeat/stats', { project_id: s.projectId, heartbeat_id: randomUUID(), days: 7 })
    ).body.stats;
    expect(empty).toMatchObject({ total_executions: 0, success_rate: 0, avg_duration_ms: 0, active_heartbeats: 0 });
    expect(empty.time_series).toHaveLength(7);
  });

  it('counts the heartbeats enabled now', async () => {
    const before = (await api.get('/v1/bot/heartbeat/stats', { project_id: s.projectId })).body.stats.active_heartbeats;
    await api.post('/v1/bot/heartbeat/configure', {
      project_id: s.projectId,
      bot_id: s.botId,
      prompt: 'x',
      enabled: true,
    });
    await api.post('/v1/bot/heartbeat/configure', {
      project_id: s.projectId,
      bot_id: s.botId,
      prompt: 'y',
      enabled: false,
    });
    expect((await api.get('/v1/bot/heartbeat/stats', { project_id: s.projectId })).body.stats.active_heartbeats).toBe(
      before + 1,
    );
  });
});
