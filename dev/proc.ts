/**
 * Linux process details the start command and the benchmarks use: the fields of /proc/<pid>/stat,
 * and lowering a background process's CPU priority and scheduling policy.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { setPriority } from 'node:os';

/**
 * The fields of a `/proc/<pid>/stat` line after the process's name (state, ppid, pgrp, session, …),
 * so field 3 of the line is index 0 here. The name may hold spaces and parentheses: it ends at
 * the last `)`.
 */
export function procStatFields(stat: string): string[] {
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/**
 * Lowers a background process's CPU priority (the worker, the Temporal dev server), so that on a
 * busy machine interactive requests are served first. On Linux a priority belongs to a thread:
 * every thread the process has is lowered, and threads they start later inherit it. Where the
 * kernel groups processes by session for scheduling (autogroup, the default of most
 * distributions), a thread's niceness only orders it against threads of its own session, and
 * each service runs in a session of its own, so the session's group is lowered as well: without
 * it the worker and Temporal take as much CPU as the API when the machine is full. Their threads
 * also take the batch policy (`chrt`, util-linux): a batch thread that wakes waits for the next
 * scheduler tick instead of preempting the thread on the core, so the worker's and Temporal's
 * many short wake-ups stop cutting into a request the API is serving. A system that refuses
 * changes nothing.
 */
export function backgroundPriority(pid: number, niceness: number) {
  if (niceness === 0) return;
  let threads = [pid];
  try {
    threads = readdirSync(`/proc/${pid}/task`).map(Number);
  } catch {
    // No /proc: the process's own priority only.
  }
  for (const tid of threads) {
    try {
      setPriority(tid, niceness);
    } catch {
      // Not permitted here, or the thread has ended: it keeps its priority.
    }
  }
  // Every thread of the process; threads started later inherit the policy.
  spawnSync('chrt', ['--all-tasks', '--batch', '--pid', '0', String(pid)], { stdio: 'ignore' });
  if (sessionLeader(pid)) {
    try {
      writeFileSync(`/proc/${pid}/autogroup`, String(niceness));
    } catch {
      // No autogroup in this kernel, or not permitted: thread priorities only.
    }
  }
}

/** Whether the process leads a session of its own (so its autogroup holds only it and its children). */
function sessionLeader(pid: number): boolean {
  try {
    // After the name: state, ppid, pgrp, session.
    return Number(procStatFields(readFileSync(`/proc/${pid}/stat`, 'utf8'))[3]) === pid;
  } catch {
    return false;
  }
}

/** Of the processes a file names (`{ name: pid }`), those still alive, as "name (PID n)". */
export async function stillRunning(file: string): Promise<string[]> {
  try {
    const saved = JSON.parse(await readFile(file, 'utf8')) as Record<string, number>;
    return Object.entries(saved)
      .filter(([, pid]) => {
        try {
          process.kill(pid, 0);
          return true;
        } catch {
          return false;
        }
      })
      .map(([name, pid]) => `${name} (PID ${pid})`);
  } catch {
    return [];
  }
}
