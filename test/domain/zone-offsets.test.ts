/** A zone's offsets read from a table of its changes are luxon's, instant for instant. */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { changesBetween, offsetAt } from '../../domain/zone-offsets.js';

const ZONES = [
  'UTC',
  'Europe/Berlin',
  'America/New_York',
  'Australia/Lord_Howe',
  'Africa/Casablanca',
  'Pacific/Chatham',
];

describe('zone offsets', () => {
  it("are luxon's at every instant, at and around each clock change", () => {
    const from = Date.parse('2026-01-01T00:00:00Z');
    for (const zone of ZONES) {
      for (let t = from; t < from + 400 * 86_400_000; t += 3_600_000 + 61_000) {
        expect(offsetAt(zone, t), `${zone} ${new Date(t).toISOString()}`).toBe(DateTime.fromMillis(t, { zone }).offset);
      }
    }
    // Berlin's spring change, to the millisecond.
    const change = Date.parse('2026-03-29T01:00:00Z');
    expect([offsetAt('Europe/Berlin', change - 1), offsetAt('Europe/Berlin', change)]).toEqual([60, 120]);
  });

  it('say whether the offset changes within a stretch', () => {
    const at = (iso: string) => Date.parse(iso);
    expect(changesBetween('Europe/Berlin', at('2026-03-28T00:00:00Z'), at('2026-03-30T00:00:00Z'))).toBe(true);
    expect(changesBetween('Europe/Berlin', at('2026-04-01T00:00:00Z'), at('2026-10-20T00:00:00Z'))).toBe(false);
    expect(changesBetween('UTC', at('2026-01-01T00:00:00Z'), at('2028-01-01T00:00:00Z'))).toBe(false);
  });
});
