/**
 * A time zone's UTC offsets, read from the IANA data (luxon) once per stretch of time instead of
 * once per instant: a schedule search over a year asks for thousands, and each `Intl` read costs
 * more than the rest of the search. Pure: a stretch's table depends only on the zone and the
 * stretch, so the workflow may share it.
 */
import { Info, type Zone } from 'luxon';

const SECOND = 1000;
const DAY = 86_400 * SECOND;
/**
 * How far apart a zone is sampled. No zone changes its offset twice within it: the closest changes
 * in the IANA data's rules (Morocco's, around Ramadan) are five weeks apart.
 */
const STEP = 4 * DAY;
/** The stretch one table covers; instants are looked up in the table of their stretch. */
const STRETCH = 32 * STEP;
const MAX_TABLES = 256;

interface Table {
  /** Offset `offsets[i]` (minutes) holds from `starts[i]`; `starts[0]` is the stretch's start. */
  starts: number[];
  offsets: number[];
}

const tables = new Map<string, Table>();

const read = (zone: Zone, instant: number) => zone.offset(instant);

/** The first whole second in (low, high] at which the offset is no longer `before`. */
function changeBetween(zone: Zone, low: number, high: number, before: number): number {
  let lo = Math.floor(low / SECOND);
  let hi = Math.floor(high / SECOND);
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (read(zone, mid * SECOND) === before) lo = mid;
    else hi = mid;
  }
  return hi * SECOND;
}

function build(zone: Zone, from: number): Table {
  const starts = [from];
  const offsets = [read(zone, from)];
  for (let sample = from; sample < from + STRETCH; sample += STEP) {
    const offset = read(zone, sample + STEP);
    if (offset !== offsets.at(-1)) {
      starts.push(changeBetween(zone, sample, sample + STEP, offsets.at(-1)!));
      offsets.push(offset);
    }
  }
  return { starts, offsets };
}

/** The table of the stretch holding `instant`. */
function tableAt(name: string, instant: number): Table {
  const from = Math.floor(instant / STRETCH) * STRETCH;
  const id = `${name}@${from}`;
  let table = tables.get(id);
  if (!table) {
    const zone = Info.normalizeZone(name);
    if (!zone.isValid) throw new Error(`unknown time zone ${name}`);
    table = build(zone, from);
    if (tables.size >= MAX_TABLES) tables.delete(tables.keys().next().value!);
    tables.set(id, table);
  }
  return table;
}

/** Index of the entry in force at `instant`. */
function entryAt(table: Table, instant: number): number {
  let i = table.starts.length - 1;
  while (i > 0 && table.starts[i]! > instant) i--;
  return i;
}

/** The zone's UTC offset at `instant`, in minutes (as luxon's `DateTime#offset`). */
export function offsetAt(zone: string, instant: number): number {
  const table = tableAt(zone, instant);
  return table.offsets[entryAt(table, instant)]!;
}

/** Whether the zone's offset changes anywhere in [from, to]: some change at an instant in (from, to]. */
export function changesBetween(zone: string, from: number, to: number): boolean {
  for (let stretch = Math.floor(from / STRETCH) * STRETCH; stretch <= to; stretch += STRETCH) {
    const { starts } = tableAt(zone, stretch);
    for (let i = 1; i < starts.length; i++) if (starts[i]! > from && starts[i]! <= to) return true;
  }
  return false;
}
