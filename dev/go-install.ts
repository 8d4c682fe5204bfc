/** Builds Go commands into the tool cache with `go install`, never leaving a half-written binary. */
import { mkdtemp, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { formatSeconds, run, step } from './util.js';

/**
 * Builds Go commands with `go install` (through the Go module proxy) into a scratch folder and
 * moves each binary to its place at the end, so an interrupted build never leaves a half-written
 * binary in the cache. `binaries` maps the name `go install` gives a binary (the last element of
 * its package path) to where it belongs.
 */
export async function goInstall(opts: {
  what: string;
  packages: string[];
  binaries: Record<string, string>;
  scratchIn: string;
  hint: string;
}): Promise<void> {
  step('provision', `Building ${opts.what} with \`go install ${opts.packages.join(' ')}\`.`);
  step('provision', 'This happens once per machine and takes a few minutes.');
  const gobin = await mkdtemp(join(opts.scratchIn, '.build-'));
  const started = Date.now();
  const ticker = setInterval(
    () => step('provision', `…still building ${opts.what} (${formatSeconds(Date.now() - started)} so far)`),
    20_000,
  );
  try {
    await run('go', ['install', ...opts.packages], { GOBIN: gobin, CGO_ENABLED: '0' }, (line) => {
      if (line.startsWith('go: downloading')) return;
      step('go', line);
    });
    for (const [built, target] of Object.entries(opts.binaries)) await rename(join(gobin, built), target);
    step('provision', `${opts.what} built in ${formatSeconds(Date.now() - started)}.`);
  } catch (err) {
    throw new Error(
      `Building ${opts.what} failed: ${(err as Error).message}\n` +
        `Needs Go and access to the Go module proxy. ${opts.hint}`,
    );
  } finally {
    clearInterval(ticker);
    await rm(gobin, { recursive: true, force: true });
  }
}
