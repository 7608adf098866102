/** Statements that fold a batch of clicks into link_daily_stats, counting each visitor once a day. */
import { sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { linkDailyStats, linkDayVisitors } from "../../db/schema.js";

export type RollupRow = { linkId: number; day: string; visitorHash: string; isBot: boolean };

export function rollupStatements(db: Db, rows: RollupRow[]) {
  const groups = new Map<string, { linkId: number; day: string; clicks: number; bots: number; visitors: Set<string> }>();
  for (const r of rows) {
    const key = `${r.linkId}|${r.day}`;
    let g = groups.get(key);
    if (!g) {
      g = { linkId: r.linkId, day: r.day, clicks: 0, bots: 0, visitors: new Set() };
      groups.set(key, g);
    }
    if (r.isBot) g.bots++;
    else {
      g.clicks++;
      g.visitors.add(r.visitorHash);
    }
  }
  const statements = [];
  for (const g of groups.values()) {
    let newVisitors = sql`0`;
    if (g.visitors.size > 0) {
      // The upsert right after reads changes(): how many of these visitors were new today.
      statements.push(
        db
          .insert(linkDayVisitors)
          .values([...g.visitors].map((visitorHash) => ({ linkId: g.linkId, day: g.day, visitorHash })))
          .onConflictDoNothing(),
      );
      newVisitors = sql`changes()`;
    }
    statements.push(
      db.run(sql`insert into ${linkDailyStats} (link_id, day, clicks, unique_visitors, bots)
        values (${g.linkId}, ${g.day}, ${g.clicks}, ${newVisitors}, ${g.bots})
        on conflict (link_id, day) do update set
          clicks = clicks + excluded.clicks,
          unique_visitors = unique_visitors + excluded.unique_visitors,
          bots = bots + excluded.bots`),
    );
  }
  return statements;
}
