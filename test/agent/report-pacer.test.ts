/**
 * Held runs in a burst report their results over the seconds after it (activities/waiting-run.ts):
 * the runs start on time, and the bookkeeping that follows each result waits its turn, unless the
 * workflow asks for the result (a trigger or a message), which then goes at once.
 */
import { describe, expect, it } from 'vitest';
import { ReportPacer } from '../../activities/waiting-run.js';

const pacer = () => new ReportPacer({ burstStartsPerSecond: 3, spreadMs: 60_000, random: () => 0.5 });
const settledWithin = (p: Promise<void>, ms: number) =>
  Promise.race([p.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);

describe('the report pacer', () => {
  it('reports at once when runs start one by one', async () => {
    const p = pacer();
    p.started();
    p.started();
    expect(await settledWithin(p.pace('a', Date.now() + 60_000), 1_000)).toBe(true);
  });

  it('keeps a result back in a burst, within its bound, and lets it go at once when asked for', async () => {
    const p = pacer();
    for (let i = 0; i < 3; i++) p.started();
    const kept = p.pace('a', Date.now() + 60_000);
    expect(await settledWithin(kept, 300)).toBe(false);
    expect(p.release('a')).toBe(true);
    expect(await settledWithin(kept, 1_000)).toBe(true);
    expect(p.release('a')).toBe(false);

    // Never past its bound (the run's heartbeat timeout), and not once the worker stops.
    expect(await settledWithin(p.pace('b', Date.now() + 200), 2_000)).toBe(true);
    const stop = new AbortController();
    const stopping = p.pace('c', Date.now() + 60_000, stop.signal);
    stop.abort();
    expect(await settledWithin(stopping, 1_000)).toBe(true);
  });

  it('forgets a burst a second after it', async () => {
    const p = pacer();
    for (let i = 0; i < 3; i++) p.started(Date.now() - 1_500);
    expect(await settledWithin(p.pace('a', Date.now() + 60_000), 1_000)).toBe(true);
  });
});
