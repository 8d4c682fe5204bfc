/** Billing periods and credits. */
import { describe, expect, it } from 'vitest';
import { billingPeriod, creditsFor, creditsInPeriod } from '../../domain/billing.js';

const iso = (p: { start: Date; end: Date }) => [p.start.toISOString(), p.end.toISOString()];

describe('billing periods', () => {
  it('are calendar months from the anchor, in UTC', () => {
    const anchor = new Date('2026-01-15T08:00:00Z');
    expect(iso(billingPeriod(anchor, new Date('2026-03-20T00:00:00Z')))).toEqual([
      '2026-03-15T08:00:00.000Z',
      '2026-04-15T08:00:00.000Z',
    ]);
    expect(iso(billingPeriod(anchor, new Date('2026-03-15T07:59:59Z')))[0]).toBe('2026-02-15T08:00:00.000Z');
  });
  it('end on the last day of a shorter month for an anchor on the 31st', () => {
    const anchor = new Date('2026-01-31T00:00:00Z');
    expect(iso(billingPeriod(anchor, new Date('2026-03-01T00:00:00Z')))).toEqual([
      '2026-02-28T00:00:00.000Z',
      '2026-03-31T00:00:00.000Z',
    ]);
  });
  it("keep the anchor's time of day, clamp to Feb 29 in a leap year, and count back before the anchor", () => {
    const anchor = new Date('2027-01-31T23:59:59.999Z');
    expect(iso(billingPeriod(anchor, new Date('2028-03-01T12:00:00Z')))).toEqual([
      '2028-02-29T23:59:59.999Z',
      '2028-03-31T23:59:59.999Z',
    ]);
    expect(iso(billingPeriod(anchor, new Date('2026-12-31T23:59:59.999Z')))).toEqual([
      '2026-12-31T23:59:59.999Z',
      '2027-01-31T23:59:59.999Z',
    ]);
  });
});

describe('credits', () => {
  it('round up per 1,000 tokens by the model multiplier, 1 for a model not listed', () => {
    expect(creditsFor(1001, 'm', {})).toBe(2);
    expect(creditsFor(1000, 'big', { big: 2.5 })).toBe(3);
    expect(creditsFor(0, 'm', {})).toBe(0);
  });
  it("a model the operator did not list costs the operator's default multiplier (*)", () => {
    const priced = { 'gpt-4o-mini': 0.5, '*': 4 };
    expect(creditsFor(1000, 'gpt-4o-mini', priced)).toBe(1);
    expect(creditsFor(1000, 'o1-pro', priced)).toBe(4);
  });
  it('a counter holds credits only for the period it was kept in', () => {
    const anchor = new Date('2026-01-01T00:00:00Z');
    const counter = { credits_used: 42, credits_period_start: new Date('2026-02-01T00:00:00Z') };
    expect(creditsInPeriod(counter, anchor, new Date('2026-02-20T00:00:00Z'))).toBe(42);
    expect(creditsInPeriod(counter, anchor, new Date('2026-03-02T00:00:00Z'))).toBe(0);
  });
});
