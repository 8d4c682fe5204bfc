/**
 * Debian packages the tests need (Chromium for the browser tests, docker-compose to check the
 * distributed deployment's file), installed once per machine with apt-get, as root or through
 * sudo. A binary already on the machine is used as it is.
 */
import { access } from 'node:fs/promises';
import { run, step } from './util.js';

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** The first of `candidates` that exists. */
export async function firstExisting(candidates: string[]): Promise<string | undefined> {
  for (const path of candidates) if (await exists(path)) return path;
  return undefined;
}

/**
 * Installs Debian's `pkg` unless one of `binaries` exists already, and returns the binary.
 * `why` says, in the progress line, what the package is for.
 */
export async function provisionDebianPackage(pkg: string, binaries: string[], why: string): Promise<string> {
  const found = await firstExisting(binaries);
  if (found) return found;
  const asRoot = process.getuid?.() === 0;
  const apt = (...args: string[]) =>
    asRoot ? run('apt-get', args, { DEBIAN_FRONTEND: 'noninteractive' }) : run('sudo', ['-n', 'apt-get', ...args]);
  step('provision', `Installing Debian's ${pkg} package ${why} (apt-get)…`);
  try {
    await apt('update', '-qq');
    await apt('install', '-y', '-qq', '--no-install-recommends', pkg);
  } catch (err) {
    throw new Error(
      `could not install ${pkg} with apt-get (${(err as Error).message.split('\n')[0]}); install Debian's "${pkg}" package`,
    );
  }
  const installed = await firstExisting(binaries);
  if (!installed) throw new Error(`apt-get installed ${pkg}, but none of ${binaries.join(', ')} exists`);
  return installed;
}

/** docker-compose: Debian's package parses and checks a compose file without a Docker engine. */
export function provisionDockerCompose(): Promise<string> {
  return provisionDebianPackage('docker-compose', ['/usr/bin/docker-compose'], 'to check docker-compose.yml');
}
