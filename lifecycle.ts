/**
 * How the service's processes (API, worker) start and end under `npm start`, both sides of it in
 * one place: the child reports `ready` over IPC and the parent (dev/services.ts) waits for it; a
 * child ends on SIGINT or SIGTERM (Ctrl-C, a process manager) or when the parent goes away (its
 * IPC channel closes), so no process outlives the command that started it.
 */
import type { ChildProcess } from 'node:child_process';

interface ReadyMessage {
  type: 'ready';
  detail?: Record<string, unknown>;
}

/** Child side: tells the parent (`npm start`), if there is one, that this process is ready. */
export function reportReady(detail: Record<string, unknown> = {}): void {
  process.send?.({ type: 'ready', detail } satisfies ReadyMessage);
}

/** Child side: resolves on the first SIGINT or SIGTERM, or when the parent process disconnects. */
export function untilStopped(): Promise<string> {
  return new Promise((resolve) => {
    const done = (why: string) => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      process.off('disconnect', onDisconnect);
      resolve(why);
    };
    const onSignal = (signal: NodeJS.Signals) => done(signal);
    const onDisconnect = () => done('parent gone');
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    if (process.connected) process.on('disconnect', onDisconnect);
  });
}

/**
 * Parent side: the `detail` of the child's `ready` message; rejects if the child exits first or
 * says nothing within `timeoutMs`.
 */
export function readyDetail(
  name: string,
  child: ChildProcess,
  exited: Promise<number | null>,
  timeoutMs: number,
): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${name} did not report ready within ${timeoutMs / 1000} s`)),
      timeoutMs,
    );
    child.on('message', (message: ReadyMessage) => {
      if (message?.type !== 'ready') return;
      clearTimeout(timer);
      resolve(message.detail ?? {});
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with code ${code} before it was ready`));
    });
  });
}
