/** Small helpers the tooling shares: repository paths, progress lines, free ports, running a command. */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * A file of the repository that the project's tooling reads (provisioning, the start command).
 * Every such path is spelled through here, so a test can check that git tracks each: a file
 * that exists only on one machine would otherwise pass there and fail on every fresh clone.
 */
export function repoFile(...segments: string[]): string {
  return join(REPO_ROOT, ...segments);
}

export function step(scope: string, message: string): void {
  process.stderr.write(`[${scope}] ${message}\n`);
}

/**
 * A port free on loopback now, or the first free one from `from` on. Without `from`, a random one
 * below the kernel's ephemeral range: the kernel never gives those to outgoing connections, so
 * another process's connection cannot take the port before the caller's service binds it (which
 * on a busy machine may be a minute later).
 */
export async function freePort(from?: number): Promise<number> {
  if (from === undefined) return randomFreePort();
  for (let port = from; port < 65536; port++) {
    const free = await listenOnce(port).then(
      () => true,
      () => false,
    );
    if (free) return port;
  }
  throw new Error(`no free port from ${from} on`);
}

async function randomFreePort(): Promise<number> {
  const ephemeralFrom = await readFile('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').then(
    (text) => Number(text.trim().split(/\s+/)[0]),
    () => NaN,
  );
  const low = 10_000;
  if (!(ephemeralFrom > low + 1_000)) return listenOnce(0);
  for (let tries = 0; tries < 50; tries++) {
    const port = low + Math.floor(Math.random() * (ephemeralFrom - low));
    const free = await listenOnce(port).then(
      () => true,
      () => false,
    );
    if (free) return port;
  }
  return listenOnce(0);
}

function listenOnce(port: number): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolvePort(address.port);
        else reject(new Error('could not allocate a port'));
      });
    });
  });
}

export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** Runs a command to completion; the error carries the tail of its output. */
export function run(
  command: string,
  args: string[],
  extraEnv: Record<string, string> = {},
  onLine?: (line: string) => void,
): Promise<void> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const collect = (chunk: Buffer) => {
      const text = chunk.toString();
      tail = (tail + text).slice(-4000);
      if (onLine) for (const line of text.split('\n')) if (line.trim()) onLine(line.trim());
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', (err) => reject(new Error(`${command} could not be started: ${err.message}`)));
    child.on('close', (code) =>
      code === 0 ? resolveRun() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${tail}`)),
    );
  });
}
