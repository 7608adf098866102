/** The long-lived objects of the links feature, built once per process by the composition root. */
import type { Client } from "@libsql/client";
import { lt } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { linkDayVisitors } from "../../db/schema.js";
import { lastDays } from "../../lib/day.js";
import { PublicPageCache } from "../landings/page-cache.js";
import { ClickRecorder } from "./click-recorder.js";
import { createDailySalts } from "./daily-salt.js";
import { RedirectCache } from "./redirect-cache.js";

export function createLinkServices(
  db: Db,
  client: Client,
  opts: { timeZone: string; now: () => number; onError: (error: unknown, rows: number) => void; flushEveryMs?: number },
) {
  const clicks = new ClickRecorder(client, {
    timeZone: opts.timeZone,
    saltFor: createDailySalts(db, opts.now),
    onError: opts.onError,
    // SECURITY.md F4: a crash loses at most ~200 ms or 500 rows. Fewer, larger batches halve the
    // per-flush cost (BEGIN, prepare, COMMIT and its fsync) on the main thread.
    flushEveryMs: opts.flushEveryMs ?? 200,
    maxBatch: 500,
  });
  return { clicks, redirects: new RedirectCache(db), publicPages: new PublicPageCache(db) };
}

/** Uniques are per day, so visitors seen before yesterday are no longer needed. */
export async function pruneDayVisitors(db: Db, now: number, timeZone: string): Promise<void> {
  const [dayBeforeYesterday] = lastDays(now, 2, timeZone);
  if (dayBeforeYesterday) await db.delete(linkDayVisitors).where(lt(linkDayVisitors.day, dayBeforeYesterday));
}
