/**
 * Records a history the replay test guards: `npx tsx test/workflows/record-history.ts` (an input as
 * starters gave it before scheduled runs became local activities), with `--local-runs` (as starters
 * give it now), or with `--adaptive` (an adaptive heartbeat whose runs report outcomes, as starters
 * give it now). Run it again (and commit the result) only when a workflow change is meant to be
 * incompatible with running workflows, i.e. together with a versioning strategy for them.
 */
import { writeFile } from 'node:fs/promises';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { loadConfig } from '../../config.js';
import { readTestServerChoice } from '../../dev/test-server.js';
import { ensureSearchAttributes } from '../../contract/register-search-attributes.js';
import { bundleOptions } from '../../worker/worker.js';
import {
  configureSignal,
  disableSignal,
  enableSignal,
  newWorkflowInput,
  triggerUpdate,
} from '../../contract/workflow.js';
import type { HeartbeatConfig } from '../../domain/heartbeat.js';
import { heartbeatWorkflow } from '../../workflows/index.js';
import { fakeActivities, success, useServerClock } from '../helpers/fake-activities.js';

const MINUTE = 60_000;
const choice = await readTestServerChoice(loadConfig().tools.cacheDir);
const env = await TestWorkflowEnvironment.createTimeSkipping(
  choice.type === 'java' ? { server: { executable: { type: 'existing-path', path: choice.path! } } } : {},
);
await ensureSearchAttributes(env.connection, 'default');
useServerClock(() => env.currentTimeMs());
const adaptive = process.argv.includes('--adaptive');
const localRuns = process.argv.includes('--local-runs');
let calls = 0;
/** The adaptive recording's runs: quiet, quiet, a hint, news. */
const reports = [
  { outcome: 'nothing_to_report', summary: 'quiet', next_check_in_minutes: null },
  { outcome: 'nothing_to_report', summary: 'quiet', next_check_in_minutes: null },
  { outcome: 'progress', summary: 'moved', next_check_in_minutes: 45 },
  { outcome: 'needs_attention', summary: 'look', next_check_in_minutes: null },
] as const;
const flaky = () => ({ ...success(), status: 'error' as const, error_message: 'flaky' });
const fake = fakeActivities({
  agent: () => {
    const call = ++calls;
    if (!adaptive) return call % 3 === 0 ? flaky() : success();
    // No failures here: the alert a failure raises could still be delivering at continue-as-new,
    // and the time-skipping server never lets time move on after such a carried-over delivery.
    return { ...success(), report: reports[call % reports.length]! };
  },
});
const worker = await Worker.create({
  connection: env.nativeConnection,
  taskQueue: 'record',
  workflowsPath: bundleOptions().workflowsPath,
  bundlerOptions: { preloadModules: bundleOptions().preloadModules },
  activities: fake.activities,
});
const config: HeartbeatConfig = {
  heartbeat_id: 'recorded',
  project_id: 'p',
  bot_id: 'b',
  member_id: null,
  prompt: 'Recorded',
  interval_minutes: 30,
  cron_pattern: null,
  active_hours_start: '09:00',
  active_hours_end: '17:00',
  active_days: '1,2,3,4,5',
  timezone: 'Europe/Berlin',
  anchor: new Date(await env.currentTimeMs()).toISOString(),
  enabled: true,
  credit_budget: 1000,
  max_consecutive_errors: 3,
  ...(adaptive && { interval_minutes: 15, adaptive: { max_interval_minutes: 120 }, max_consecutive_errors: 5 }),
  version: 1,
};
const history = await worker.runUntil(async () => {
  const handle = await env.client.workflow.start(heartbeatWorkflow, {
    taskQueue: 'record',
    workflowId: 'heartbeat-recorded',
    args: [adaptive ? newWorkflowInput(config) : localRuns ? { config, localRuns } : { config }],
  });
  await env.sleep(26 * 60 * MINUTE);
  await handle.executeUpdate(triggerUpdate, { args: [{ trigger_id: 'recorded-trigger' }] });
  await handle.signal(disableSignal);
  await env.sleep(2 * 60 * MINUTE);
  await handle.signal(enableSignal);
  await env.sleep(3 * 60 * MINUTE);
  await handle.signal(configureSignal, { ...config, interval_minutes: adaptive ? 20 : 60, version: 2 });
  await env.sleep(MINUTE);
  const recorded = await env.client.workflow.getHandle(handle.workflowId, handle.firstExecutionRunId).fetchHistory();
  await handle.terminate();
  return recorded;
});
const file = adaptive
  ? 'adaptive-history.json'
  : localRuns
    ? 'heartbeat-history-local-runs.json'
    : 'heartbeat-history.json';
await writeFile(new URL(`../fixtures/${file}`, import.meta.url), historyToJSON(history));
console.log(`recorded ${history.events?.length} events, ${fake.rows.length} rows`);
await env.teardown();
