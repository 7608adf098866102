/** Calendar days in a time zone, as "YYYY-MM-DD" strings (the roll-up key). */
const formats = new Map<string, Intl.DateTimeFormat>();

const BUCKET_MS = 15 * 60_000; // every time zone offset is a whole number of quarter hours
const cache = new Map<string, string>();

/** Cached per quarter hour: Intl formatting costs microseconds, and clicks ask for it one by one. */
export function dayOf(ms: number, timeZone: string): string {
  const key = `${timeZone}|${Math.floor(ms / BUCKET_MS)}`;
  let day = cache.get(key);
  if (day === undefined) {
    if (cache.size > 5_000) cache.clear();
    day = formatDay(ms, timeZone);
    cache.set(key, day);
  }
  return day;
}

function formatDay(ms: number, timeZone: string): string {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    formats.set(timeZone, f);
  }
  return f.format(ms);
}

/** The `count` days ending with the day of `ms`, oldest first. */
export function lastDays(ms: number, count: number, timeZone: string): string[] {
  const end = dayOf(ms, timeZone);
  const [y, m, d] = end.split("-").map(Number) as [number, number, number];
  const days: string[] = [];
  for (let i = count - 1; i >= 0; i--) days.push(new Date(Date.UTC(y, m - 1, d - i)).toISOString().slice(0, 10));
  return days;
}

/** UTC milliseconds of 00:00 of a "YYYY-MM-DD" day in the time zone (exact for whole-minute offsets). */
export function dayStartMs(day: string, timeZone: string): number {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const utcMidnight = Date.UTC(y, m - 1, d);
  // The zone's offset at that moment, read back through Intl; applied twice to settle around DST.
  let guess = utcMidnight;
  for (let i = 0; i < 2; i++) guess = utcMidnight - offsetMs(guess, timeZone);
  return guess;
}

function offsetMs(ms: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(ms);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second")) - Math.floor(ms / 1000) * 1000;
}
