/** Temporal helpers for the tests: the time-skipping environment, the workflow bundle, unique ids. */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { inject } from 'vitest';
import { ensureSearchAttributes } from '../../contract/register-search-attributes.js';
import { useServerClock } from './fake-activities.js';

/**
 * A time-skipping environment on the provisioned test server: the Java server through its
 * launcher where the SDK cannot download its own, else the SDK's.
 */
export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const path = inject('testServerPath');
  const env = await TestWorkflowEnvironment.createTimeSkipping(
    path ? { server: { executable: { type: 'existing-path', path } } } : {},
  );
  await ensureSearchAttributes(env.connection, env.namespace ?? 'default');
  useServerClock(() => env.currentTimeMs());
  return env;
}

/** The workflow bundle built once per test run by the global set-up. */
export function workflowBundle() {
  return { codePath: inject('workflowBundlePath') };
}

let counter = 0;
/** A workflow / heartbeat id no other test uses. */
export function uniqueId(prefix = 'hb'): string {
  counter += 1;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter}`;
}
