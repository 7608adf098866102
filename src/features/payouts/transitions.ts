/**
 * The admin's decisions on a payout request: approve, reject (releases the clients), mark paid (marks
 * the clients paid). Each is one batch: "update … where status = <expected>", then the notification,
 * the audit row and the clients' update, each run only when the statement before it changed a row
 * (`changes() > 0`), so a request processed meanwhile changes nothing at all.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { clients, type PayoutRequest, type PayoutStatus, payoutRequestClients, payoutRequests } from "../../db/schema.js";
import { auditInsertIfChanged } from "../audit/audit.js";
import { notificationInsertIfChanged } from "../notifications/notifications.js";

export type PayoutNotice = { requestId: number; totalKopecks: number; adminComment: string | null };
export type NoticeText = { title: string; message: string };
/** Sentence builders passed in by the route (`t.payouts.notices`): domain code holds no text. */
export type PayoutTexts = {
  approved: (n: PayoutNotice) => NoticeText;
  rejected: (n: PayoutNotice) => NoticeText;
  paid: (n: PayoutNotice) => NoticeText;
};

export type TransitionRefusal = "not_found" | "already_processed" | "comment_required";
export type TransitionResult = { ok: true; request: PayoutRequest } | { ok: false; reason: TransitionRefusal };

type Transition = "approve" | "reject" | "paid";

/** Which status each decision starts from; an approved request may still be rejected (say, the bank returned it). */
const allowedFrom: Record<Transition, readonly PayoutStatus[]> = {
  approve: ["pending"],
  reject: ["pending", "approved"],
  paid: ["approved"],
};

export function canTransition(status: PayoutStatus, transition: Transition): boolean {
  return allowedFrom[transition].includes(status);
}

type Decision = {
  transition: Transition;
  requestId: number;
  adminId: number;
  /** Required for a rejection; for the others it replaces the admin comment only when given. */
  comment: string | null;
  texts: PayoutTexts;
  now: number;
};

async function decide(db: Db, d: Decision): Promise<TransitionResult> {
  const request = await db.select().from(payoutRequests).where(eq(payoutRequests.id, d.requestId)).get();
  if (!request) return { ok: false, reason: "not_found" };
  if (!canTransition(request.status, d.transition)) return { ok: false, reason: "already_processed" };
  const status: PayoutStatus = d.transition === "approve" ? "approved" : d.transition === "reject" ? "rejected" : "paid";
  const adminComment = d.comment ?? request.adminComment;
  const who = d.transition === "paid" ? { paidAt: d.now, paidById: d.adminId } : { decidedAt: d.now, decidedById: d.adminId };
  const notice = d.texts[d.transition === "approve" ? "approved" : d.transition === "reject" ? "rejected" : "paid"]({
    requestId: request.id,
    totalKopecks: request.totalKopecks,
    adminComment,
  });
  const [updated] = await db.batch([
    db
      .update(payoutRequests)
      .set({ status, adminComment, updatedAt: d.now, ...who })
      .where(and(eq(payoutRequests.id, request.id), eq(payoutRequests.status, request.status)))
      .returning(),
    notificationInsertIfChanged(db, { ...notice, kind: "system", targetUserId: request.partnerId, createdBy: d.adminId }, d.now),
    auditInsertIfChanged(db, {
      actorId: d.adminId,
      action: `payout.${d.transition}`,
      entity: "payout_request",
      entityId: request.id,
      partnerId: request.partnerId,
      before: { status: request.status, adminComment: request.adminComment },
      after: { status, adminComment, totalKopecks: request.totalKopecks },
      at: d.now,
    }),
    followUp(db, d.transition, request.id, d.now),
  ]);
  const row = updated[0];
  return row ? { ok: true, request: row } : { ok: false, reason: "already_processed" };
}

/** The clients' side of a decision, run only when the audit row above it was written. */
function followUp(db: Db, transition: Transition, requestId: number, now: number) {
  const claimed = sql`select ${payoutRequestClients.clientId} from ${payoutRequestClients}
    where ${payoutRequestClients.requestId} = ${requestId} and ${payoutRequestClients.active} = 1`;
  if (transition === "reject") {
    // The clients become requestable again; the rows stay as the request's history.
    return db.run(sql`update ${payoutRequestClients} set active = null
      where ${payoutRequestClients.requestId} = ${requestId} and ${payoutRequestClients.active} = 1 and changes() > 0`);
  }
  if (transition === "paid") {
    return db.run(sql`update ${clients} set is_paid = 1, paid_at = ${now}, updated_at = ${now}
      where ${clients.id} in (${claimed}) and ${clients.isPaid} = 0 and changes() > 0`);
  }
  // Approval keeps the claims as they are; a no-op keeps the batch shape the same.
  return db.run(sql`select 1`);
}

export const approvePayout = (db: Db, requestId: number, adminId: number, comment: string | null, texts: PayoutTexts, now: number) =>
  decide(db, { transition: "approve", requestId, adminId, comment, texts, now });

/** A rejection must say why: the partner reads it in the notification. */
export const rejectPayout = async (db: Db, requestId: number, adminId: number, comment: string, texts: PayoutTexts, now: number): Promise<TransitionResult> =>
  comment.trim() === "" ? { ok: false, reason: "comment_required" } : decide(db, { transition: "reject", requestId, adminId, comment, texts, now });

export const markPayoutPaid = (db: Db, requestId: number, adminId: number, comment: string | null, texts: PayoutTexts, now: number) =>
  decide(db, { transition: "paid", requestId, adminId, comment, texts, now });
