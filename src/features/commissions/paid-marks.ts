/**
 * The admin marks a partner's clients paid or unpaid by hand, one or many at once (PRODUCT.md §6).
 * Clients claimed by a pending or approved payout request belong to the payout desk and are refused.
 * "Unpaid" also releases the client from a paid request, so the partner can request it again.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Db } from "../../db/client.js";
import { clients, payoutRequestClients, payoutRequests } from "../../db/schema.js";
import { outer } from "../../db/sql.js";
import { auditInsertIfChanged } from "../audit/audit.js";

export const MAX_MARKED_AT_ONCE = 200;

export type PaidMark = { partnerId: number; clientIds: number[]; adminId: number; now: number };
export type PaidMarkResult =
  | { ok: true; changed: number }
  | { ok: false; reason: "not_found" }
  | { ok: false; reason: "claimed" | "no_commission"; clients: Array<{ id: number; name: string }> };

/** Claimed by a request the payout desk has not finished with. */
const claimedByOpenRequest = (clientId: unknown) => sql`exists (
  select 1 from ${payoutRequestClients} prc join ${payoutRequests} pr on pr.id = prc.request_id
  where prc.client_id = ${clientId} and prc.active = 1 and pr.status in ('pending', 'approved'))`;

async function partnerClients(db: Db, partnerId: number, ids: number[]) {
  return db
    .select({
      id: clients.id,
      name: clients.name,
      isPaid: clients.isPaid,
      paidAt: clients.paidAt,
      commissionKopecks: clients.commissionKopecks,
      claimed: sql<number>`${claimedByOpenRequest(outer(clients.id))}`,
    })
    .from(clients)
    .where(and(eq(clients.partnerId, partnerId), inArray(clients.id, ids)))
    .orderBy(clients.id);
}

const unique = (ids: number[]) => [...new Set(ids)];

/** is_paid = 1, paid_at = now for each listed client; all refused if one is not this partner's, claimed or owes nothing. */
export async function markClientsPaid(db: Db, m: PaidMark): Promise<PaidMarkResult> {
  const ids = unique(m.clientIds);
  const rows = await partnerClients(db, m.partnerId, ids);
  if (ids.length === 0 || rows.length !== ids.length) return { ok: false, reason: "not_found" };
  const claimed = rows.filter((r) => r.claimed);
  if (claimed.length) return { ok: false, reason: "claimed", clients: claimed.map(({ id, name }) => ({ id, name })) };
  const owed = rows.filter((r) => !r.isPaid);
  const nothing = owed.filter((r) => r.commissionKopecks <= 0);
  if (nothing.length) return { ok: false, reason: "no_commission", clients: nothing.map(({ id, name }) => ({ id, name })) };
  const statements = owed.flatMap((r) => [
    // Guarded again in the write: a request may claim the client between the check and here.
    db
      .update(clients)
      .set({ isPaid: true, paidAt: m.now, updatedAt: m.now })
      .where(and(eq(clients.id, r.id), eq(clients.partnerId, m.partnerId), eq(clients.isPaid, false), sql`not ${claimedByOpenRequest(clients.id)}`)),
    auditInsertIfChanged(db, {
      actorId: m.adminId,
      action: "client.paid",
      entity: "client",
      entityId: r.id,
      partnerId: m.partnerId,
      before: { paid: false, commissionKopecks: r.commissionKopecks },
      after: { paid: true, commissionKopecks: r.commissionKopecks },
      at: m.now,
    }),
  ]);
  return { ok: true, changed: await changedRows(db, statements) };
}

/** is_paid = 0, paid_at = NULL, and the client's claim by a paid request released. */
export async function markClientsUnpaid(db: Db, m: PaidMark): Promise<PaidMarkResult> {
  const ids = unique(m.clientIds);
  const rows = await partnerClients(db, m.partnerId, ids);
  if (ids.length === 0 || rows.length !== ids.length) return { ok: false, reason: "not_found" };
  const statements = rows
    .filter((r) => r.isPaid)
    .flatMap((r) => [
      db
        .update(clients)
        .set({ isPaid: false, paidAt: null, updatedAt: m.now })
        .where(and(eq(clients.id, r.id), eq(clients.partnerId, m.partnerId), eq(clients.isPaid, true))),
      auditInsertIfChanged(db, {
        actorId: m.adminId,
        action: "client.unpaid",
        entity: "client",
        entityId: r.id,
        partnerId: m.partnerId,
        before: { paid: true, paidAt: r.paidAt, commissionKopecks: r.commissionKopecks },
        after: { paid: false, paidAt: null, commissionKopecks: r.commissionKopecks },
        at: m.now,
      }),
      db
        .update(payoutRequestClients)
        .set({ active: null })
        .where(
          and(
            eq(payoutRequestClients.clientId, r.id),
            eq(payoutRequestClients.active, 1),
            inArray(payoutRequestClients.requestId, db.select({ id: payoutRequests.id }).from(payoutRequests).where(eq(payoutRequests.status, "paid"))),
            sql`exists (select 1 from ${clients} where ${clients.id} = ${r.id} and ${clients.isPaid} = 0)`,
          ),
        ),
    ]);
  return { ok: true, changed: await changedRows(db, statements, 3) };
}

/** Runs the statements as one batch and counts the client rows changed (every `stride`-th statement). */
async function changedRows(db: Db, statements: BatchItem<"sqlite">[], stride = 2): Promise<number> {
  const [first, ...rest] = statements;
  if (!first) return 0;
  const results = await db.batch([first, ...rest]);
  return results.filter((_, i) => i % stride === 0).reduce((n, r) => n + ((r as { rowsAffected?: number }).rowsAffected ?? 0), 0);
}

/** For each listed client of the partner claimed by an open (pending or approved) request: that request. */
export async function openClaimsOf(db: Db, partnerId: number, clientIds: number[]): Promise<Map<number, number>> {
  if (clientIds.length === 0) return new Map();
  const rows = await db
    .select({ clientId: payoutRequestClients.clientId, requestId: payoutRequests.id })
    .from(payoutRequestClients)
    .innerJoin(payoutRequests, eq(payoutRequests.id, payoutRequestClients.requestId))
    .where(
      and(
        inArray(payoutRequestClients.clientId, clientIds),
        eq(payoutRequestClients.active, 1),
        eq(payoutRequests.partnerId, partnerId),
        inArray(payoutRequests.status, ["pending", "approved"]),
      ),
    );
  return new Map(rows.map((r) => [r.clientId, r.requestId]));
}
