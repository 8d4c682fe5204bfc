/**
 * What starting a heartbeat costs Temporal: the API starts its workflow with what the row and the
 * search attributes already show, so the workflow's first task starts its timer (or hands a run due
 * within about a minute to the worker to hold) and writes nothing
 * again (no status activity, no search attribute update), while the Web UI still shows its next run.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { heartbeatWorkflowId } from '../../contract/workflow.js';
import { nextRunKey } from '../../contract/search-attributes.js';
import { stackSuite } from '../helpers/stack.js';

const s = stackSuite();

type HistoryEvent = NonNullable<Awaited<ReturnType<WorkflowHandle['fetchHistory']>>['events']>[number];

/** A run due within about a minute is handed to the worker to hold instead of a timer. */
const held = (e: HistoryEvent) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'runWhenDue';

async function firstTask(heartbeatId: string) {
  const handle = s.stack.client.workflow.getHandle(heartbeatWorkflowId(heartbeatId));
  for (;;) {
    const events = (await handle.fetchHistory()).events ?? [];
    if (events.some((e) => e.timerStartedEventAttributes || held(e))) return { handle, events };
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('a heartbeat the API starts', () => {
  for (const [name, cadence] of [
    ['every 5 minutes', { interval_minutes: 5 }],
    ['adaptive, every 30 minutes', { interval_minutes: 30, cadence: 'adaptive' }],
    ['on a cron pattern in a window', { cron_pattern: '*/15 * * * *', active_hours: { start: '00:00', end: '23:59' } }],
  ] as const) {
    it(`${name}: its first task only starts its wait, and the Web UI shows its next run`, async () => {
      const res = await s.api.post('/v1/bot/heartbeat/configure', {
        project_id: s.seed.projectId,
        bot_id: s.seed.botId,
        prompt: 'Check',
        enabled: true,
        ...cadence,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const id = res.body.heartbeat.uuid as string;
      const { handle, events } = await firstTask(id);
      // A timer, or a run due within about a minute handed to the worker to hold: no write.
      expect(events.filter((e) => e.activityTaskScheduledEventAttributes && !held(e))).toEqual([]);
      expect(events.filter((e) => e.upsertWorkflowSearchAttributesEventAttributes)).toEqual([]);
      const described = await handle.describe();
      expect(described.typedSearchAttributes.get(nextRunKey)?.toISOString()).toBe(res.body.heartbeat.next_run_at);
    });
  }
});
