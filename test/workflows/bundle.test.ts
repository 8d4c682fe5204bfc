/** The workflow bundle: it builds, shares its pure modules, and refuses Node built-ins. */
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

  it('loads the libraries the workflow imports once per worker, as the workflow resolves them', async () => {
    const { code } = await bundleWorkflowCode({ ...bundleOptions(), logger: silent });
    // The bundle's modules by id, each with the modules it requires.
    const requires = (text: string) => [...text.matchAll(/__webpack_require__\([^)]*?"([^"]+)"\)/g)].map((m) => m[1]!);
    const modules = new Map<string, string[]>();
    const parts = code.split(/^\/\*\*\*\/ "([^"]+)":?$/m);
    for (let i = 1; i < parts.length; i += 2) modules.set(parts[i]!, requires(parts[i + 1]!));
    // What the worker evaluates once, before any workflow: the preload and everything it requires.
    const preload = code.slice(
      code.indexOf('exports.preloadModules = function'),
      code.indexOf('exports.importWorkflows'),
    );
    const shared = new Set<string>();
    const visit = (id: string) => {
      if (shared.has(id)) return;
      shared.add(id);
      for (const next of modules.get(id) ?? []) visit(next);
    };
    requires(preload).forEach(visit);
    for (const pkg of ['luxon', 'croner', 'cronstrue', 'async-mutex']) {
      // One copy (the workflow's `import` and the preload resolve to the same file), and shared.
      const copies = [...modules.keys()].filter((id) => id.startsWith(`./node_modules/${pkg}/`));
      expect(copies, pkg).toHaveLength(1);
      expect(shared.has(copies[0]!), `${pkg} preloaded`).toBe(true);
    }
    expect(shared.has('./domain/schedule.ts')).toBe(true);
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
