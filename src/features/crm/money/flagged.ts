/**
 * Clients whose deal changed after they were paid (`commission_flagged`): the engine left the money
 * alone, and the admin decides on the partner's page. What the change would have made comes from the
 * latest "commission_flagged" timeline entry written by the sync.
 */
import { desc, eq, sql } from "drizzle-orm";
import type { Db } from "../../../db/client.js";
import { type CommissionReason, clients, commissionReasons, users } from "../../../db/schema.js";
import { outer } from "../../../db/sql.js";

export type FlaggedClient = {
  clientId: number;
  clientName: string;
  partnerId: number;
  partnerName: string;
  /** What the client holds now (already paid). */
  commissionKopecks: number;
  currencyId: string | null;
  /** What the change would have made it, when the timeline entry says. */
  wouldBeKopecks: number | null;
  reason: CommissionReason | null;
  /** When it was flagged (the timeline entry), else the client's last update. */
  at: number;
};

const latestFlag = sql<string | null>`(select data from client_events e
  where e.client_id = ${outer(clients.id)} and e.kind = 'commission_flagged' order by e.at desc, e.id desc limit 1)`;
const latestFlagAt = sql<number | null>`(select max(at) from client_events e where e.client_id = ${outer(clients.id)} and e.kind = 'commission_flagged')`;

export async function listFlaggedClients(db: Db, limit = 100): Promise<{ rows: FlaggedClient[]; total: number }> {
  const [rows, total] = await Promise.all([
    db
      .select({
        clientId: clients.id,
        clientName: clients.name,
        partnerId: clients.partnerId,
        partnerName: users.name,
        commissionKopecks: clients.commissionKopecks,
        currencyId: clients.currencyId,
        updatedAt: clients.updatedAt,
        flag: latestFlag,
        flaggedAt: latestFlagAt,
      })
      .from(clients)
      .innerJoin(users, eq(users.id, clients.partnerId))
      .where(eq(clients.commissionFlagged, true))
      .orderBy(desc(sql`coalesce(${latestFlagAt}, ${clients.updatedAt})`), desc(clients.id))
      .limit(limit),
    db.$count(clients, eq(clients.commissionFlagged, true)),
  ]);
  return {
    total,
    rows: rows.map(({ flag, flaggedAt, updatedAt, ...r }) => {
      const data = parseFlag(flag);
      return { ...r, wouldBeKopecks: data.wouldBeKopecks, reason: data.reason, at: flaggedAt ?? updatedAt };
    }),
  };
}

function parseFlag(raw: string | null): { wouldBeKopecks: number | null; reason: CommissionReason | null } {
  try {
    const data = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    const wouldBe = data.wouldBeKopecks;
    const reason = commissionReasons.find((r) => r === data.reason) ?? null;
    return { wouldBeKopecks: typeof wouldBe === "number" && Number.isSafeInteger(wouldBe) ? wouldBe : null, reason };
  } catch {
    return { wouldBeKopecks: null, reason: null };
  }
}
