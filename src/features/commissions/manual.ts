/**
 * The admin's hand edits of a client's money (PRODUCT.md §6): the deal amount, the commission, and
 * clearing the "changed after payment" flag. Each is one batch: the client row (guarded by the values
 * the admin saw, so a concurrent Bitrix24 sync turns it into a "conflict" instead of a lost update),
 * then — only if that row changed — the commission history row with the admin and their reason, and
 * the audit row. A paid client's commission changes only through the explicit commission edit.
 */
import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { type Client, clients, commissionHistory, users } from "../../db/schema.js";
import { auditInsertIfChanged } from "../audit/audit.js";
import { commissionOf, effectiveRateBp } from "./commissions.js";

export type ManualEdit = { partnerId: number; clientId: number; adminId: number; note: string; now: number };
export type ManualResult =
  | { ok: true; client: Client; commissionChanged: boolean }
  | { ok: false; reason: "not_found" | "unchanged" | "conflict" | "not_flagged" };

/** The client of this partner, or null: a client of another partner looks exactly like a missing one. */
export async function findPartnerClient(db: Db, partnerId: number, clientId: number): Promise<Client | null> {
  return (
    (await db
      .select()
      .from(clients)
      .where(and(eq(clients.id, clientId), eq(clients.partnerId, partnerId)))
      .get()) ?? null
  );
}

/** The row as the admin saw it: any change in between (sync, another admin) makes the update miss. */
function unchangedSince(c: Client) {
  return and(
    eq(clients.id, c.id),
    eq(clients.partnerId, c.partnerId),
    eq(clients.commissionKopecks, c.commissionKopecks),
    eq(clients.isPaid, c.isPaid),
    eq(clients.statusGroup, c.statusGroup),
    sql`${clients.amountKopecks} is ${c.amountKopecks}`,
  );
}

function historyIfChanged(db: Db, c: Client, e: ManualEdit, next: { commission: number; amount: number | null; rateBp: number | null }) {
  return db.run(sql`insert into ${commissionHistory}
      (client_id, old_kopecks, new_kopecks, reason, rate_bp, amount_kopecks, b24_deal_id, actor_id, note, at)
    select ${c.id}, ${c.commissionKopecks}, ${next.commission}, 'manual', ${next.rateBp}, ${next.amount}, ${c.b24DealId},
      ${e.adminId}, ${e.note}, ${e.now}
    where changes() > 0`);
}

async function reload(db: Db, c: Client): Promise<Client> {
  return (await findPartnerClient(db, c.partnerId, c.id)) ?? c;
}

/** Sets the commission by hand, paid or not: the explicit way to change a paid client's money. */
export async function editCommission(db: Db, e: ManualEdit & { commissionKopecks: number }): Promise<ManualResult> {
  const c = await findPartnerClient(db, e.partnerId, e.clientId);
  if (!c) return { ok: false, reason: "not_found" };
  if (c.commissionKopecks === e.commissionKopecks) return { ok: false, reason: "unchanged" };
  const [update] = await db.batch([
    db.update(clients).set({ commissionKopecks: e.commissionKopecks, updatedAt: e.now }).where(unchangedSince(c)),
    historyIfChanged(db, c, e, { commission: e.commissionKopecks, amount: c.amountKopecks, rateBp: null }),
    auditInsertIfChanged(db, {
      actorId: e.adminId,
      action: "client.commission",
      entity: "client",
      entityId: c.id,
      partnerId: c.partnerId,
      before: { commissionKopecks: c.commissionKopecks },
      after: { commissionKopecks: e.commissionKopecks, note: e.note },
      at: e.now,
    }),
  ]);
  if (update.rowsAffected === 0) return { ok: false, reason: "conflict" };
  return { ok: true, client: await reload(db, c), commissionChanged: true };
}

/**
 * Sets the deal amount by hand. A won, unpaid client's commission follows at its fixed rate (or the
 * partner's effective rate if none was fixed); a paid or not-won client keeps its commission.
 */
export async function editAmount(db: Db, e: ManualEdit & { amountKopecks: number; defaultRateBp: number }): Promise<ManualResult> {
  const c = await findPartnerClient(db, e.partnerId, e.clientId);
  if (!c) return { ok: false, reason: "not_found" };
  if (c.amountKopecks === e.amountKopecks) return { ok: false, reason: "unchanged" };
  const recompute = c.statusGroup === "won" && !c.isPaid;
  const rateBp = recompute ? (c.commissionRateBp ?? (await effectiveRateBp(db, c.partnerId, e.defaultRateBp))) : c.commissionRateBp;
  const commission = recompute && rateBp !== null ? commissionOf(e.amountKopecks, rateBp) : c.commissionKopecks;
  const [update] = await db.batch([
    db
      .update(clients)
      .set({ amountKopecks: e.amountKopecks, commissionKopecks: commission, commissionRateBp: rateBp, updatedAt: e.now })
      .where(unchangedSince(c)),
    historyIfChanged(db, c, e, { commission, amount: e.amountKopecks, rateBp }),
    auditInsertIfChanged(db, {
      actorId: e.adminId,
      action: "client.amount",
      entity: "client",
      entityId: c.id,
      partnerId: c.partnerId,
      before: { amountKopecks: c.amountKopecks, commissionKopecks: c.commissionKopecks },
      after: { amountKopecks: e.amountKopecks, commissionKopecks: commission, note: e.note },
      at: e.now,
    }),
  ]);
  if (update.rowsAffected === 0) return { ok: false, reason: "conflict" };
  return { ok: true, client: await reload(db, c), commissionChanged: commission !== c.commissionKopecks };
}

/** The admin has looked at a change that arrived after payment: the mark goes, with their note. */
export async function clearCommissionFlag(db: Db, e: ManualEdit): Promise<ManualResult> {
  const c = await findPartnerClient(db, e.partnerId, e.clientId);
  if (!c) return { ok: false, reason: "not_found" };
  if (!c.commissionFlagged) return { ok: false, reason: "not_flagged" };
  const [update] = await db.batch([
    db
      .update(clients)
      .set({ commissionFlagged: false, updatedAt: e.now })
      .where(and(eq(clients.id, c.id), eq(clients.partnerId, c.partnerId), eq(clients.commissionFlagged, true))),
    auditInsertIfChanged(db, {
      actorId: e.adminId,
      action: "client.flag_cleared",
      entity: "client",
      entityId: c.id,
      partnerId: c.partnerId,
      before: { flagged: true },
      after: { flagged: false, note: e.note },
      at: e.now,
    }),
  ]);
  if (update.rowsAffected === 0) return { ok: false, reason: "not_flagged" };
  return { ok: true, client: await reload(db, c), commissionChanged: false };
}

/** The client's commission history, newest first, with the admin's name for hand edits. */
export async function listCommissionHistory(db: Db, clientId: number) {
  return db
    .select({
      id: commissionHistory.id,
      at: commissionHistory.at,
      reason: commissionHistory.reason,
      oldKopecks: commissionHistory.oldKopecks,
      newKopecks: commissionHistory.newKopecks,
      rateBp: commissionHistory.rateBp,
      amountKopecks: commissionHistory.amountKopecks,
      note: commissionHistory.note,
      actorName: users.name,
    })
    .from(commissionHistory)
    .leftJoin(users, eq(users.id, commissionHistory.actorId))
    .where(eq(commissionHistory.clientId, clientId))
    .orderBy(desc(commissionHistory.at), desc(commissionHistory.id));
}
