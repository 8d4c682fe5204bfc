/** The dashboard's pure helpers: how local times and the rows of a list read. */
import { describe, expect, it } from 'vitest';
import { localText } from '../../dashboard/pages/form.js';

describe('a preview run in local time', () => {
  it("carries its zone's offset, west of UTC too, with or without milliseconds", () => {
    expect(localText('2026-03-09T09:00:00-04:00')).toBe('2026-03-09 09:00 (UTC\u221204:00)');
    expect(localText('2026-01-05T09:00:00.000-05:00')).toBe('2026-01-05 09:00 (UTC\u221205:00)');
    expect(localText('2026-03-29T03:00:00+02:00')).toBe('2026-03-29 03:00 (UTC+02:00)');
    expect(localText('2026-03-29T01:00:00Z')).toBe('2026-03-29 01:00 (UTC+00:00)');
  });
});
