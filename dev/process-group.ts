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

/** SIGTERM to the whole group, SIGKILL after `killAfterMs`; resolves when the process has ended. */
export async function stopGroup(proc: Pick<GroupProcess, 'child' | 'exited'>, killAfterMs: number): Promise<void> {
  const { child } = proc;
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid!, 'SIGTERM');
  } catch {
    return; // already gone
  }
  const killTimer = setTimeout(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }, killAfterMs);
  await proc.exited;
  clearTimeout(killTimer);
}
