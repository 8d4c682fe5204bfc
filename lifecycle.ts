/**
 * How the service's processes end: on SIGINT or SIGTERM (Ctrl-C, a process manager), or when
 * the `npm start` that forked them goes away (its IPC channel closes), so no process outlives
 * the command that started it.
 */

/** Resolves on the first SIGINT or SIGTERM, or when the parent process disconnects. */
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

/** Tells the parent (`npm start`), if there is one, that this process is ready. */
export function reportReady(detail: Record<string, unknown> = {}): void {
  process.send?.({ type: 'ready', detail });
}
