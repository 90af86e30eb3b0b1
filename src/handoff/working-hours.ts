import { minutesOf, WEEKDAYS, type SupportConfig, type Weekday } from './support-config';

interface LocalTime {
  date: string;
  weekday: Weekday;
  minutes: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** Looking further than this for the next opening means the hours are empty. */
const SEARCH_DAYS = 30;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

function wallClock(instant: Date, timeZone: string): Record<string, number> {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return parts;
}

/** The zone's offset from UTC at this instant, in ms (positive east of Greenwich). */
function offsetAt(instant: Date, timeZone: string): number {
  const p = wallClock(instant, timeZone);
  const asUtc = Date.UTC(
    p.year ?? 0,
    (p.month ?? 1) - 1,
    p.day ?? 1,
    p.hour ?? 0,
    p.minute ?? 0,
    p.second ?? 0,
  );
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/**
 * The instant at which the zone's clocks show this local date and time. Around a DST change the
 * offset differs before and after, so both readings are tried; a time skipped by the change
 * (02:30 on the night clocks go forward) maps to the moment after the gap.
 */
export function zonedInstant(date: string, minutes: number, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  const naive = Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1, Math.floor(minutes / 60), minutes % 60);
  // The zone's offsets around that day; a change happens at most once within it.
  const candidates = [-DAY_MS, 0, DAY_MS].map((shift) => naive - offsetAt(new Date(naive + shift), timeZone));
  // The earlier of the readings that show the wanted time (a repeated hour happens twice).
  const exact = [...candidates]
    .sort((a, b) => a - b)
    .find((candidate) => {
      const local = localTime(new Date(candidate), timeZone);
      return local.date === date && local.minutes === minutes;
    });
  return new Date(exact ?? Math.max(...candidates));
}

export function localTime(instant: Date, timeZone: string): LocalTime {
  const p = wallClock(instant, timeZone);
  const date = `${p.year}-${pad(p.month)}-${pad(p.day)}`;
  const weekday = WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()] ?? 'sun';
  return { date, weekday, minutes: (p.hour ?? 0) * 60 + (p.minute ?? 0) };
}

function pad(value: number | undefined): string {
  return String(value ?? 0).padStart(2, '0');
}

function rangesOn(config: SupportConfig, date: string, weekday: Weekday): [number, number][] {
  if (config.holidays.includes(date)) return [];
  return (config.hours[weekday] ?? []).map((range) => {
    const [start, end] = range.split('-');
    return [minutesOf(start ?? '') ?? 0, minutesOf(end ?? '') ?? 0];
  });
}

/** Whether the service desk is open at this instant (local hours, holidays closed). */
export function isOpen(config: SupportConfig, now: Date): boolean {
  const local = localTime(now, config.timeZone);
  return rangesOn(config, local.date, local.weekday).some(
    ([start, end]) => local.minutes >= start && local.minutes < end,
  );
}

/** When the service desk next opens after `now` (now itself if it is open); undefined if never. */
export function nextOpening(config: SupportConfig, now: Date): Date | undefined {
  if (isOpen(config, now)) return now;
  const today = localTime(now, config.timeZone);
  for (let day = 0; day <= SEARCH_DAYS; day++) {
    const date = addDays(today.date, day);
    const weekday = WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()] ?? 'sun';
    const starts = rangesOn(config, date, weekday)
      .map(([start]) => start)
      .sort((a, b) => a - b);
    for (const start of starts) {
      const instant = zonedInstant(date, start, config.timeZone);
      if (instant > now) return instant;
    }
  }
  return undefined;
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Hours have no open range on any weekday: working time never passes. */
function neverOpen(config: SupportConfig): boolean {
  return WEEKDAYS.every((weekday) => (config.hours[weekday] ?? []).length === 0);
}

/** Working time is counted over at most this many days ahead (about ten years of calendar). */
const MAX_COUNT_DAYS = 3660;

/**
 * Local times already turned into instants: due times are computed on every ticket change and
 * mostly over the same few weeks, and each conversion costs several Intl calls. Bounded.
 */
const instants = new Map<string, number>();
const MAX_CACHED_INSTANTS = 10_000;

function cachedInstant(date: string, minutes: number, timeZone: string): number {
  const key = `${timeZone}|${date}|${minutes}`;
  let instant = instants.get(key);
  if (instant === undefined) {
    if (instants.size >= MAX_CACHED_INSTANTS) instants.clear();
    // 24:00 is the next day's midnight, which zonedInstant only knows by that day's date.
    instant = (
      minutes >= 24 * 60 ? zonedInstant(addDays(date, 1), 0, timeZone) : zonedInstant(date, minutes, timeZone)
    ).getTime();
    instants.set(key, instant);
  }
  return instant;
}

/**
 * The open ranges of the working days from the local date of `from` on, as instants in order,
 * each cut to start no earlier than `from`. Stops after `MAX_COUNT_DAYS` or when `visit` says so.
 */
function forEachOpenRange(
  config: SupportConfig,
  from: Date,
  visit: (start: number, end: number) => boolean,
): void {
  if (neverOpen(config)) return;
  const first = localTime(from, config.timeZone).date;
  for (let day = 0; day < MAX_COUNT_DAYS; day++) {
    const date = addDays(first, day);
    const weekday = WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()] ?? 'sun';
    const ranges = rangesOn(config, date, weekday).sort((a, b) => a[0] - b[0]);
    for (const [startMinute, endMinute] of ranges) {
      const start = cachedInstant(date, startMinute, config.timeZone);
      const end = cachedInstant(date, endMinute, config.timeZone);
      const cut = Math.max(start, from.getTime());
      if (cut < end && !visit(cut, end)) return;
    }
  }
}

/**
 * The instant `minutes` of working time after `start`: only opening hours count (holidays and
 * closed days do not), in real elapsed time, so an open range across a DST change counts what
 * the clock really ran. Starting outside hours, counting begins at the next opening. Undefined
 * when the hours never open.
 */
export function addWorkingMinutes(config: SupportConfig, start: Date, minutes: number): Date | undefined {
  let left = Math.max(0, minutes) * 60_000;
  let result: Date | undefined;
  forEachOpenRange(config, start, (from, end) => {
    if (from + left <= end) {
      result = new Date(from + left);
      return false;
    }
    left -= end - from;
    return true;
  });
  return result;
}

/** Working minutes (opening hours, holidays closed) between two instants; 0 when `to` is not after `from`. */
export function workingMinutesBetween(config: SupportConfig, from: Date, to: Date): number {
  if (to.getTime() <= from.getTime()) return 0;
  let total = 0;
  forEachOpenRange(config, from, (start, end) => {
    if (start >= to.getTime()) return false;
    total += Math.min(end, to.getTime()) - start;
    return end < to.getTime();
  });
  return total / 60_000;
}
