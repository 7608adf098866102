/** Period filters for client lists: presets and custom days, with day boundaries in the app time zone. */
import { dayOf, dayStartMs, lastDays } from "../../lib/day.js";

export const periodPresets = ["all", "today", "7d", "30d", "90d"] as const;
export type PeriodPreset = (typeof periodPresets)[number];
/** Half-open range of created_at in UTC milliseconds: from ≤ created_at < to; null means unbounded. */
export type CreatedRange = { from: number | null; to: number | null };

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const presetDays: Record<Exclude<PeriodPreset, "all">, number> = { today: 1, "7d": 7, "30d": 30, "90d": 90 };

/** "2026-11-26" is a real calendar day (not 2026-02-31). */
export function isDay(value: string): boolean {
  const m = DAY_PATTERN.exec(value);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return Number(m[1]) >= 2000 && date.toISOString().slice(0, 10) === value;
}

/** UTC milliseconds of the midnight that starts `day` in the zone. */
export const dayStart = dayStartMs;

function nextDay(day: string): string {
  const [y = 0, m = 1, d = 1] = day.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/** Custom days (from/to, both inclusive) win over the preset; presets count today as the last day. */
export function resolvePeriod(q: { period: PeriodPreset; from: string; to: string }, now: number, timeZone: string): CreatedRange {
  if (q.from || q.to) {
    return { from: q.from ? dayStart(q.from, timeZone) : null, to: q.to ? dayStart(nextDay(q.to), timeZone) : null };
  }
  if (q.period === "all") return { from: null, to: null };
  const first = lastDays(now, presetDays[q.period], timeZone)[0] ?? dayOf(now, timeZone);
  return { from: dayStart(first, timeZone), to: null };
}
