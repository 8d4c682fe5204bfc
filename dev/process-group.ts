/**
 * Servers and services in process groups of their own: started, their output kept for error
 * messages, and stopped as a whole group (one stop for every server `npm start` and the tests run).
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface GroupProcess {
  child: ChildProcess;
  /** The last 40 lines it printed, for error messages. */
  output: string[];
  exited: Promise<void>;
  /** Rejects if the command could not be started at all. */
  spawnError: Promise<never>;
}

/**
 * Starts a server binary in a process group of its own, so a stop reaches it even if it forks,
 * and a Ctrl-C meant for `npm start` reaches `npm start` first (which then stops it in order).
 */
export function spawnInGroup(command: string, args: string[], onLog?: (line: string) => void): GroupProcess {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const output: string[] = [];
  const onData = lineCollector(output, 40, onLog);
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const spawnError = new Promise<never>((_, reject) => child.once('error', reject));
  spawnError.catch(() => undefined);
  return { child, output, exited, spawnError };
}

/**
 * Splits a process's output into lines, keeps the last `keep` of them in `lines` (for error
 * messages) and hands each to `onLog`.
 */
export function lineCollector(lines: string[], keep: number, onLog?: (line: string) => void) {
  return (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      if (!line.trim()) continue;
      lines.push(line);
      if (lines.length > keep) lines.shift();
      onLog?.(line);
    }
  };
}

/** Sends `signal` to the process group `pid` leads; false if the group is gone. */
export function signalGroup(pid: number | undefined, signal: NodeJS.Signals): boolean {
  if (!pid) return false;
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * Asks the whole group to stop (`signal`, SIGTERM unless the server prefers another: PostgreSQL's
 * fast shutdown is SIGINT), SIGKILL after `killAfterMs`; resolves when the process has ended.
 */
export async function stopGroup(
  proc: { child: ChildProcess; exited: Promise<unknown> },
  killAfterMs: number,
  signal: NodeJS.Signals = 'SIGTERM',
): Promise<void> {
  const { child } = proc;
  if (child.exitCode !== null || child.signalCode !== null) return;
  if (!signalGroup(child.pid, signal)) return;
  const killTimer = setTimeout(() => signalGroup(child.pid, 'SIGKILL'), killAfterMs);
  await proc.exited;
  clearTimeout(killTimer);
}
