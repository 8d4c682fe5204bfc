/** Instants in words for people, the same in the dashboard and the CLI: UTC text, and how soon or how long ago. */

/** "2026-12-07 03:00:00 UTC". */
export const utcText = (at: Date) => at.toISOString().replace('T', ' ').slice(0, 19) + ' UTC';

/** "in 40 s", "3 min ago", "in 2 h", "5 d ago". */
export function relative(at: Date, now: Date): string {
  const s = Math.round((at.getTime() - now.getTime()) / 1000);
  const abs = Math.abs(s);
  const [n, unit] =
    abs < 60
      ? [abs, 's']
      : abs < 3600
        ? [Math.round(abs / 60), 'min']
        : abs < 86_400
          ? [Math.round(abs / 3600), 'h']
          : [Math.round(abs / 86_400), 'd'];
  return s >= 0 ? `in ${n} ${unit}` : `${n} ${unit} ago`;
}
