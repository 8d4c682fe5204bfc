/** Determinism: recorded heartbeat histories replay on the current workflow code. */
import { readFile } from 'node:fs/promises';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { workflowBundle } from '../helpers/temporal.js';

async function replay(fixture: string, minEvents: number) {
  const json = JSON.parse(await readFile(new URL(`../fixtures/${fixture}`, import.meta.url), 'utf8'));
  const history = historyFromJSON(json);
  const types = new Set<string>(json.events.map((e: { eventType: string }) => String(e.eventType)));
  expect(history.events?.length).toBeGreaterThan(minEvents);
  expect([...types].join(' ')).toMatch(/CONTINUED_AS_NEW/);
  // Throws DeterminismViolationError if the workflow code no longer produces this history.
  await Worker.runReplayHistory({ workflowBundle: workflowBundle() }, history, 'heartbeat-recorded');
}

describe('determinism', () => {
  it.each([
    ['heartbeat-history.json', 'an input begun before scheduled runs were local activities'],
    ['heartbeat-history-local-runs.json', 'scheduled runs as local activities'],
  ])(
    'replays a recorded heartbeat history, %s (timers, runs, trigger, disable, enable, configure → continue-as-new): %s',
    async (file) => {
      await replay(file, 100);
    },
  );

  it('replays a recorded adaptive heartbeat (runs reporting outcomes, timers that follow them)', async () => {
    await replay('adaptive-history.json', 100);
  });
});
