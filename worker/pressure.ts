/**
 * The worker's lateness report: the worst lateness (nominal time → agent start) of the runs it
 * started in the last few seconds, written to PostgreSQL every 2 s, so that API processes shed
 * reads while runs are late (api/overload.ts). One statement per interval, none per run.
 */
import type { Db } from '../db/client.js';
import { clearPressure, reportPressure } from '../db/queries/pressure.js';

export const REPORT_EVERY_MS = 2_000;

export function startPressureReporter(db: Db, workerId: string, warn: (message: string, err: unknown) => void) {
  let worst = 0;
  const timer = setInterval(() => {
    const lateness = worst;
    worst = 0;
    reportPressure(db, workerId, lateness).catch((err: unknown) => warn("could not report the worker's lateness", err));
  }, REPORT_EVERY_MS);
  timer.unref();
  return {
    /** A scheduled run started this late. */
    note(latenessMs: number): void {
      worst = Math.max(worst, latenessMs);
    },
    async stop(): Promise<void> {
      clearInterval(timer);
      await clearPressure(db, workerId).catch((err: unknown) => warn("could not clear the worker's lateness", err));
    },
  };
}
