/** A schedule's due times over a span, as the schedule tests compare them. */
import { DateTime } from 'luxon';
import { nextDueTime, type ScheduleSpec } from '../../domain/schedule.js';

/** The due times strictly after `from` (local ISO in the spec's zone) up to `to`, formatted in the zone. */
export function dueTimes(spec: ScheduleSpec, from: string, to: string, format = 'ccc dd HH:mm'): string[] {
  const zone = spec.timezone;
  const end = DateTime.fromISO(to, { zone }).toMillis();
  const out: string[] = [];
  let t: Date | null = DateTime.fromISO(from, { zone }).toJSDate();
  for (;;) {
    t = nextDueTime(spec, t);
    if (!t || t.getTime() > end) return out;
    out.push(DateTime.fromJSDate(t, { zone }).toFormat(format));
  }
}
