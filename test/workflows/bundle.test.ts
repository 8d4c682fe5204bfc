import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { bundleOptions } from '../../worker/worker.js';

const silent = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

describe('workflow bundle', () => {
  it('bundles the heartbeat workflow for the sandbox', async () => {
    const { code } = await bundleWorkflowCode({ ...bundleOptions(), logger: silent });
    expect(code).toContain('heartbeatWorkflow');
  });

  it('fails on a workflow that imports a Node built-in', async () => {
    const bad = fileURLToPath(new URL('../fixtures/forbidden-workflow.ts', import.meta.url));
    const reported: string[] = [];
    const logger = {
      ...silent,
      error: (message: string, meta?: unknown) => void reported.push(message + JSON.stringify(meta ?? '')),
    };
    await expect(bundleWorkflowCode({ workflowsPath: bad, logger })).rejects.toThrow(/Webpack finished with errors/);
    expect(reported.join('\n')).toMatch(/fs/);
  });
});
