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
    const end = Math.min(rows.length, i + ROWS_PER_INSERT);
    const values: unknown[][] = new Array(end - i);
    for (let j = i; j < end; j++) {
      const r = rows[j] as ClickRow;
      values[j - i] = [r.linkId, r.at, r.ip, r.userAgent, r.referer, r.visitorHash, r.isBot ? 1 : 0];
    }
    // One JSON parameter instead of seven per row: binding through the driver cost more than SQLite's insert.
    statements.push({
      sql: `insert into clicks (link_id, at, ip, user_agent, referer, visitor_hash, is_bot)
        select value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6 from json_each(?)`,
      args: [JSON.stringify(values)],
    });
  }
  statements.push(...rollupStatements(rows));
  return statements;
}

type Group = { linkId: number; day: string; clicks: number; bots: number; visitors: Set<string> };

/**
 * Two statements whatever the number of links: the day rows get their clicks and bots first, then the
 * visitors are inserted; a trigger (migration 0005) adds one unique visitor per row actually new.
 * Grouped in nested maps (day, then link), not by string keys: this runs for every click on the
 * main thread.
 */
function rollupStatements(rows: ClickRow[]): InStatement[] {
  const days = new Map<string, Map<number, Group>>();
  const groups: Group[] = [];
  let lastDay: string | undefined;
  let links: Map<number, Group> | undefined;
  for (const r of rows) {
    if (r.day !== lastDay || !links) {
      lastDay = r.day;
      links = days.get(r.day);
      if (!links) {
        links = new Map();
        days.set(r.day, links);
      }
    }
    let g = links.get(r.linkId);
    if (!g) {
      g = { linkId: r.linkId, day: r.day, clicks: 0, bots: 0, visitors: new Set() };
      links.set(r.linkId, g);
      groups.push(g);
    }
    if (r.isBot) g.bots++;
    else {
      g.clicks++;
      g.visitors.add(r.visitorHash);
    }
  }
  const visitors: [number, string, string][] = [];
  for (const g of groups) for (const hash of g.visitors) visitors.push([g.linkId, g.day, hash]);
  const statements: InStatement[] = [
    {
      sql: `insert into link_daily_stats (link_id, day, clicks, unique_visitors, bots)
        select value ->> 0, value ->> 1, value ->> 2, 0, value ->> 3 from json_each(?) where true
        on conflict (link_id, day) do update set clicks = clicks + excluded.clicks, bots = bots + excluded.bots`,
      args: [JSON.stringify(groups.map((g) => [g.linkId, g.day, g.clicks, g.bots]))],
    },
  ];
  if (visitors.length > 0) {
    statements.push({
      sql: "insert into link_day_visitors (link_id, day, visitor_hash) select value ->> 0, value ->> 1, value ->> 2 from json_each(?) where true on conflict do nothing",
      args: [JSON.stringify(visitors)],
    });
  }
  return statements;
}
