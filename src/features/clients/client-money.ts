/** The money side of one client for its page: commission history and whether a payout request claims it. */
import { and, desc, eq } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { clients, commissionHistory, payoutRequestClients, payoutRequests } from "../../db/schema.js";

export type CommissionHistoryEntry = {
  id: number;
  at: number;
  oldKopecks: number;
  newKopecks: number;
  reason: (typeof commissionHistory.$inferSelect)["reason"];
  rateBp: number | null;
  amountKopecks: number | null;
  /** The admin's reason for a manual change. */
  note: string | null;
};

/** Newest first; only when the client is the partner's own (another partner's id gives nothing). */
export async function listCommissionHistory(db: Db, partnerId: number, clientId: number): Promise<CommissionHistoryEntry[]> {
  return db
    .select({
      id: commissionHistory.id,
      at: commissionHistory.at,
      oldKopecks: commissionHistory.oldKopecks,
      newKopecks: commissionHistory.newKopecks,
      reason: commissionHistory.reason,
      rateBp: commissionHistory.rateBp,
      amountKopecks: commissionHistory.amountKopecks,
      note: commissionHistory.note,
    })
    .from(commissionHistory)
    .innerJoin(clients, eq(clients.id, commissionHistory.clientId))
    .where(and(eq(commissionHistory.clientId, clientId), eq(clients.partnerId, partnerId)))
    .orderBy(desc(commissionHistory.at), desc(commissionHistory.id));
}

export type PayoutClaim = "pending" | "approved" | "paid" | null;

/** The status of the payout request that actively claims the client (at most one, by a unique index). */
export async function activePayoutClaim(db: Db, partnerId: number, clientId: number): Promise<PayoutClaim> {
  const row = await db
    .select({ status: payoutRequests.status })
    .from(payoutRequestClients)
    .innerJoin(payoutRequests, eq(payoutRequests.id, payoutRequestClients.requestId))
    .where(and(eq(payoutRequestClients.clientId, clientId), eq(payoutRequestClients.active, 1), eq(payoutRequests.partnerId, partnerId)))
    .get();
  return row && row.status !== "rejected" ? row.status : null;
}
