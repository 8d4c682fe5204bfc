/**
 * Output for people: aligned tables and fields, nested values as their own lines, times with how
 * soon or long ago, rates as percentages, colour on a terminal (never with NO_COLOR, always with
 * FORCE_COLOR, the rules picocolors and chalk follow). Scripts use --json instead.
 */
import { relative, utcText } from '../domain/when.js';

/** Whether `stream` gets colour: a terminal, or FORCE_COLOR; never when NO_COLOR is set. */
export function colourFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') || Boolean(stream.isTTY);
}

const SGR = { bold: [1, 22], dim: [2, 22], red: [31, 39], green: [32, 39], yellow: [33, 39], cyan: [36, 39] } as const;
export type Style = keyof typeof SGR;

/** Paints text with ANSI styles, or leaves it as it is when colour is off. */
export const painter =
  (on: boolean) =>
  (style: Style | undefined, text: string): string =>
    on && style ? `\u001b[${SGR[style][0]}m${text}\u001b[${SGR[style][1]}m` : text;

export type Paint = ReturnType<typeof painter>;

/** The colour a status, state or outcome reads in. */
export function styleOf(value: unknown): Style | undefined {
  const word = String(value).split(' ')[0];
  if (['success', 'active', 'ok', 'delivered'].includes(word!)) return 'green';
  if (['error', 'auto_paused', 'failed'].includes(word!)) return 'red';
  if (['skipped', 'budget_exhausted', 'waiting_for_window', 'disabled'].includes(word!)) return 'yellow';
  return undefined;
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** A value as people read it: empty as "–", UTC instants with how soon or long ago. */
export function cell(v: unknown, now = new Date()): string {
  if (v === null || v === undefined || v === '') return '–';
  if (typeof v === 'string' && ISO.test(v)) return `${utcText(new Date(v))} (${relative(new Date(v), now)})`;
  return String(v);
}

/** 0.8 as "80.0%". */
export const percent = (rate: number) => `${(rate * 100).toFixed(1)}%`;

/** Rows under upper-case column names, each column as wide as its widest value. */
export function table(
  rows: Array<Record<string, unknown>>,
  columns: string[],
  paint: Paint = painter(false),
  now = new Date(),
): string {
  if (rows.length === 0) return '(none)';
  const text = rows.map((r) => columns.map((c) => cell(r[c], now)));
  const widths = columns.map((c, i) => Math.max(c.length, ...text.map((t) => t[i]!.length)));
  // Padded first, painted after: escape codes take no room on screen.
  const line = (cells: string[], style: (i: number) => Style | undefined) =>
    cells
      .map((c, i) => paint(style(i), i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [
    line(
      columns.map((c) => c.toUpperCase()),
      () => 'bold',
    ),
    ...text.map((t) => line(t, (i) => styleOf(t[i]))),
  ].join('\n');
}

/** A record as `name  value` lines; a nested object or list is indented beneath its name. */
export function fields(record: Record<string, unknown>, paint: Paint = painter(false), now = new Date()): string {
  const width = Math.max(...Object.keys(record).map((k) => k.length));
  const lines: string[] = [];
  for (const [k, v] of Object.entries(record)) {
    const name = paint('dim', k.padEnd(width));
    if (Array.isArray(v) && v.every((x) => typeof x === 'object' && x !== null && !Array.isArray(x))) {
      lines.push(name + (v.length === 0 ? `  ${cell(null)}` : ''));
      if (v.length > 0) lines.push(indent(table(v, Object.keys(v[0]), paint, now)));
    } else if (Array.isArray(v)) {
      lines.push(name + (v.length === 0 ? `  ${cell(null)}` : ''));
      for (const x of v) lines.push(indent(`- ${cell(x, now)}`));
    } else if (typeof v === 'object' && v !== null) {
      lines.push(name, indent(fields(v as Record<string, unknown>, paint, now)));
    } else {
      lines.push(`${name}  ${paint(styleOf(v), cell(v, now))}`);
    }
  }
  return lines.join('\n');
}

const indent = (text: string) =>
  text
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
