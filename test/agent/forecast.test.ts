/**
 * The forecast on a heartbeat read and the runs per billing period in a preview, through the API
 * on the real stack, with runs charged by a scripted provider.
 */
import { describe, expect, it } from 'vitest';
import { agentHeartbeat, scriptedStack } from '../helpers/agent.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const suite = scriptedStack();

/** Billing periods are calendar months: the period that began `daysAgo` days ago runs to a month after. */
function periodFrom(daysAgo: number) {
  const start = new Date(Date.now() - daysAgo * DAY);
  const end = new Date(start);
  end.setUTCMonth(end.getUTCMonth() + 1);
  return { start, end };
}

describe('forecast', () => {
  it('a read forecasts the period: its runs, those left, the credits expected, and when the budget runs out', async () => {
    const hb = await agentHeartbeat(suite.stack, {
      prompt: 'Check the queue',
      interval_minutes: 60,
      enabled: true,
      credit_budget: 10,
    });
    // The project's billing period began ten days ago.
    const period = periodFrom(10);
    await suite.stack.db
      .updateTable('projects')
      .set({ billing_anchor: period.start })
      .where('id', '=', hb.s.projectId)
      .execute();
    // Two runs of 2,000 tokens: 2 credits each.
    suite.openai.script.push({ answer: 'ok', tokens: [1900, 100] }, { answer: 'ok', tokens: [1900, 100] });
    await hb.trigger();
    await hb.trigger();

    const read = await hb.api.get('/v1/bot/heartbeat/read', { project_id: hb.s.projectId, heartbeat_id: hb.id });
    // The cadence counts from when it was saved: its first run is an hour after.
    const anchor = Date.parse(read.body.heartbeat.next_run_at) - HOUR;
    const due = (k: number) => anchor + k * HOUR;
    // The hourly runs of the whole period, counted from the heartbeat's anchor both ways.
    const perPeriod =
      Math.ceil((period.end.getTime() - anchor) / HOUR) - Math.ceil((period.start.getTime() - anchor) / HOUR);
    expect(read.body.heartbeat.credits_used).toBe(4);
    expect(read.body.heartbeat.forecast).toEqual({
      period_start: period.start.toISOString(),
      period_end: period.end.toISOString(),
      runs_per_period: perPeriod,
      // 6 credits left at 2 a run: three more runs, the third spending the last of them.
      runs_left_this_period: 3,
      avg_credits_per_run: 2,
      credits_expected_this_period: 10,
      budget_exhausted_at: new Date(due(3)).toISOString(),
    });

    // Without a budget, every run left in the period, at the same pace.
    const unlimited = await hb.api.post('/v1/bot/heartbeat/configure', {
      project_id: hb.s.projectId,
      bot_id: hb.s.botId,
      heartbeat_id: hb.id,
      credit_budget: null,
    });
    const f = unlimited.body.heartbeat.forecast;
    const left = Math.floor((period.end.getTime() - 1 - anchor) / HOUR);
    expect(f).toMatchObject({ runs_left_this_period: left, budget_exhausted_at: null });
    expect(f.credits_expected_this_period).toBe(4 + 2 * left);
  });

  it('a disabled heartbeat spends nothing more; a list carries each forecast', async () => {
    const hb = await agentHeartbeat(suite.stack, { prompt: 'Check', interval_minutes: 30, credit_budget: 5 });
    const list = await hb.api.get('/v1/bot/heartbeat/readall', { project_id: hb.s.projectId, bot_id: hb.s.botId });
    expect(list.body.heartbeats[0].forecast).toMatchObject({
      runs_left_this_period: 0,
      avg_credits_per_run: 0,
      credits_expected_this_period: 0,
      budget_exhausted_at: null,
    });
    expect(list.body.heartbeats[0].forecast.runs_per_period).toBeGreaterThanOrEqual(28 * 48);
  });

  it('preview answers the runs per billing period of a schedule', async () => {
    const hb = await agentHeartbeat(suite.stack, { prompt: 'Check', interval_minutes: 60 });
    const period = periodFrom(3);
    await suite.stack.db
      .updateTable('projects')
      .set({ billing_anchor: period.start })
      .where('id', '=', hb.s.projectId)
      .execute();
    const res = await hb.api.post('/v1/bot/heartbeat/preview', {
      project_id: hb.s.projectId,
      bot_id: hb.s.botId,
      cron_pattern: '0 9 * * *',
      timezone: 'UTC',
    });
    expect(res.status).toBe(200);
    // One run a day at 09:00 UTC: as many as the period has 09:00s.
    const nineOnFirstDay = new Date(period.start).setUTCHours(9, 0, 0, 0);
    const firstNine = nineOnFirstDay >= period.start.getTime() ? nineOnFirstDay : nineOnFirstDay + DAY;
    expect(res.body.preview.runs_per_period).toBe(Math.ceil((period.end.getTime() - firstNine) / DAY));
  });
});
