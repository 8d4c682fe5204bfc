/** Determinism: a recorded heartbeat history replays on the current workflow code. */
import { readFile } from 'node:fs/promises';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { workflowBundle } from '../helpers/temporal.js';

describe('determinism', () => {
  it('replays a recorded heartbeat history (timers, runs, trigger, disable, enable, configure → continue-as-new)', async () => {
    const json = JSON.parse(await readFile(new URL('../fixtures/heartbeat-history.json', import.meta.url), 'utf8'));
    const history = historyFromJSON(json);
    const types = new Set<string>(json.events.map((e: { eventType: string }) => String(e.eventType)));
    expect(history.events?.length).toBeGreaterThan(100);
    expect([...types].join(' ')).toMatch(/CONTINUED_AS_NEW/);
    // Throws DeterminismViolationError if the workflow code no longer produces this history.
    await Worker.runReplayHistory({ workflowBundle: workflowBundle() }, history, 'heartbeat-recorded');
  });
});
