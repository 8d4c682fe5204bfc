/**
 * The workflow bundle, built in a short-lived child process: webpack leaves over 100 MB behind in
 * the heap of the process that runs it, which a long-lived worker should not carry.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export async function buildWorkflowBundle(sourceRoot: string): Promise<{ code: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'heartbeat-bundle-'));
  const out = join(dir, 'workflows.js');
  try {
    await run(process.execPath, ['--import', 'tsx', join(sourceRoot, 'worker', 'bundle-main.ts'), out], {
      cwd: sourceRoot,
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: await readFile(out, 'utf8') };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
