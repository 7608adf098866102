/** Links and their daily roll-ups straight into the DB, for dashboard and chart tests (no clicks replayed). */
import type { Db } from "../db/client.js";
import { type Link, linkDailyStats, links } from "../db/schema.js";
import { lastDays } from "../lib/day.js";
import { FIXED_NOW } from "./test-app.js";

let seq = 0;

/** A direct link of the partner, created before FIXED_NOW (a 10-character code like real ones). */
export async function givenLink(db: Db, partnerId: number, overrides: Partial<typeof links.$inferInsert> = {}): Promise<Link> {
  seq += 1;
  const [row] = await db
    .insert(links)
    .values({
      partnerId,
      code: `dash${String(seq).padStart(6, "0")}`,
      title: `Link ${seq}`,
      linkType: "direct",
      targetUrl: "https://shop.example.ru/",
      createdAt: FIXED_NOW - 20 * 86_400_000 + seq,
      updatedAt: FIXED_NOW - 20 * 86_400_000 + seq,
      ...overrides,
    })
    .returning();
  if (!row) throw new Error("link insert failed");
  return row;
}

/**
 * Roll-up rows for the last `perDay.length` days ending with the day of `now` (oldest first), as the
 * click flusher would have written them; visitors default to 80 % of clicks.
 */
export async function givenDailyClicks(db: Db, linkId: number, perDay: number[], timeZone: string, now = FIXED_NOW) {
  const days = lastDays(now, perDay.length, timeZone);
  const rows = perDay
    .map((clicks, i) => ({ linkId, day: days[i] ?? "", clicks, uniqueVisitors: Math.floor(clicks * 0.8), bots: 0 }))
    .filter((r) => r.clicks > 0);
  if (rows.length > 0) await db.insert(linkDailyStats).values(rows);
  return days;
}
