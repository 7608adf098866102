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

const partFormats = new Map<string, Intl.DateTimeFormat>();
/** How far the zone's wall clock is ahead of UTC at the instant `ms` (whole seconds). */
function zoneOffset(ms: number, timeZone: string): number {
  let f = partFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    partFormats.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(ms).map((x) => [x.type, Number(x.value)]));
  const wall = Date.UTC(p.year ?? 0, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0);
  return wall - (ms - (((ms % 1000) + 1000) % 1000));
}

/** UTC milliseconds of the midnight that starts a "YYYY-MM-DD" day in the zone. */
export function dayStartMs(day: string, timeZone: string): number {
  const [y = 0, m = 1, d = 1] = day.split("-").map(Number);
  const wallMidnight = Date.UTC(y, m - 1, d);
  // Two passes: the offset at the guess may differ from the offset at the real instant (DST).
  const first = wallMidnight - zoneOffset(wallMidnight, timeZone);
  return wallMidnight - zoneOffset(first, timeZone);
}
