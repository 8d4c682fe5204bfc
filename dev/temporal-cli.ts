/** Finds or provisions the Temporal CLI (dev server and Web UI) into the per-user cache. */
import { access, chmod, constants, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { goInstall } from './go-install.js';
import { run, step } from './util.js';

/** v1.5.1 is the newest CLI release whose go.mod has no replace directive, so `go install` accepts it. */
export const TEMPORAL_CLI_VERSION = '1.5.1';

export interface CliSource {
  path: string;
  source: 'TEMPORAL_CLI_PATH' | 'PATH' | 'cache' | 'download' | 'go install';
}

export async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string, pathVar: string | undefined): Promise<string | undefined> {
  const dirs = (pathVar ?? '').split(delimiter).filter(Boolean);
  return dirs.reduce<Promise<string | undefined>>(async (found, dir) => {
    const earlier = await found;
    if (earlier) return earlier;
    const candidate = join(dir, name);
    return (await isExecutable(candidate)) ? candidate : undefined;
  }, Promise.resolve(undefined));
}

/**
 * Finds the Temporal CLI (dev server + Web UI), in this order: an explicit path, `temporal` on
 * PATH, the per-user cache, the official release download, and last a Go module build into the
 * cache. The result is cached, so the slow steps happen once per machine.
 */
export async function resolveTemporalCli(opts: {
  explicitPath?: string;
  cacheDir: string;
  pathVar?: string;
}): Promise<CliSource> {
  if (opts.explicitPath) {
    if (await isExecutable(opts.explicitPath)) return { path: opts.explicitPath, source: 'TEMPORAL_CLI_PATH' };
    throw new Error(
      `TEMPORAL_CLI_PATH is set to ${opts.explicitPath}, which is not an executable file. ` +
        'Fix the path or unset the variable to let the project provision the CLI.',
    );
  }
  const fromPath = await onPath('temporal', opts.pathVar);
  if (fromPath) return { path: fromPath, source: 'PATH' };

  const dir = join(opts.cacheDir, 'temporal-cli', `v${TEMPORAL_CLI_VERSION}`);
  const cached = join(dir, 'temporal');
  if (await isExecutable(cached)) return { path: cached, source: 'cache' };
  await mkdir(dir, { recursive: true });

  const downloadError = await downloadRelease(dir, cached);
  if (!downloadError) return { path: cached, source: 'download' };
  step('provision', `Temporal CLI release download unavailable (${downloadError}); building it from source instead.`);

  await buildCli(dir, cached);
  return { path: cached, source: 'go install' };
}

async function downloadRelease(dir: string, target: string): Promise<string | undefined> {
  const platform = process.platform === 'darwin' ? 'darwin' : 'linux';
  const arch = process.arch === 'arm64' ? 'arm64' : 'amd64';
  const url = `https://temporal.download/cli/archive/v${TEMPORAL_CLI_VERSION}?platform=${platform}&arch=${arch}`;
  step('provision', `Downloading Temporal CLI v${TEMPORAL_CLI_VERSION} release…`);
  let archive: ArrayBuffer;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(60_000) });
    if (!response.ok) return `HTTP ${response.status}`;
    archive = await response.arrayBuffer();
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code;
    return cause ?? (err as Error).message;
  }
  const work = await mkdtemp(join(dir, '.download-'));
  try {
    const file = join(work, 'temporal.tar.gz');
    await writeFile(file, Buffer.from(archive));
    await run('tar', ['-xzf', file, '-C', work], {});
    await chmod(join(work, 'temporal'), 0o755);
    await rename(join(work, 'temporal'), target);
    return undefined;
  } catch (err) {
    return `unpacking failed: ${(err as Error).message}`;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

function buildCli(dir: string, target: string): Promise<void> {
  return goInstall({
    what: `the Temporal CLI v${TEMPORAL_CLI_VERSION} (dev server and Web UI)`,
    packages: [`github.com/temporalio/cli/cmd/temporal@v${TEMPORAL_CLI_VERSION}`],
    binaries: { temporal: target },
    scratchIn: dir,
    hint: 'Alternatives: install the `temporal` CLI yourself and put it on PATH, or set TEMPORAL_CLI_PATH to its location.',
  });
}
