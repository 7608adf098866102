/**
 * Statements that write a batch of clicks and fold it into link_daily_stats, counting each visitor
 * once a day. Plain SQL with bound parameters: on the redirect's busiest path, building these
 * through the query builder cost more than executing them.
 */
import type { InStatement } from "@libsql/client";

export type ClickRow = { linkId: number; at: number; day: string; ip: string; userAgent: string; referer: string | null; visitorHash: string; isBot: boolean };

const ROWS_PER_INSERT = 1000;

export function clickWriteStatements(rows: ClickRow[]): InStatement[] {
  const statements: InStatement[] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const chunk = rows.slice(i, i + ROWS_PER_INSERT);
    // One JSON parameter instead of seven per row: binding through the driver cost more than SQLite's insert.
    statements.push({
      sql: `insert into clicks (link_id, at, ip, user_agent, referer, visitor_hash, is_bot)
        select value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6 from json_each(?)`,
      args: [JSON.stringify(chunk.map((r) => [r.linkId, r.at, r.ip, r.userAgent, r.referer, r.visitorHash, r.isBot ? 1 : 0]))],
    });
  }
  return [...statements, ...rollupStatements(rows)];
}

/**
 * Two statements whatever the number of links: the day rows get their clicks and bots first, then the
 * visitors are inserted; a trigger (migration 0005) adds one unique visitor per row actually new.
 */
function rollupStatements(rows: ClickRow[]): InStatement[] {
  const groups = new Map<string, { linkId: number; day: string; clicks: number; bots: number }>();
  const visitors = new Map<string, [number, string, string]>();
  for (const r of rows) {
    const key = `${r.linkId}|${r.day}`;
    let g = groups.get(key);
    if (!g) {
      g = { linkId: r.linkId, day: r.day, clicks: 0, bots: 0 };
      groups.set(key, g);
    }
    if (r.isBot) g.bots++;
    else {
      g.clicks++;
      visitors.set(`${key}|${r.visitorHash}`, [r.linkId, r.day, r.visitorHash]);
    }
  }
  const statements: InStatement[] = [
    {
      sql: `insert into link_daily_stats (link_id, day, clicks, unique_visitors, bots)
        select value ->> 0, value ->> 1, value ->> 2, 0, value ->> 3 from json_each(?) where true
        on conflict (link_id, day) do update set clicks = clicks + excluded.clicks, bots = bots + excluded.bots`,
      args: [JSON.stringify([...groups.values()].map((g) => [g.linkId, g.day, g.clicks, g.bots]))],
    },
  ];
  if (visitors.size > 0) {
    statements.push({
      sql: "insert into link_day_visitors (link_id, day, visitor_hash) select value ->> 0, value ->> 1, value ->> 2 from json_each(?) where true on conflict do nothing",
      args: [JSON.stringify([...visitors.values()])],
    });
  }
  return statements;
}
