/**
 * Writes one entity's state read from Bitrix24 onto our client in one batch: the client row (guarded
 * by the values it was read with, so a concurrent writer makes this a "conflict" to retry, never a
 * double booking), then — each only if the statement before it wrote a row — the timeline entries,
 * the commission history row and the partner's notification.
 */
import { and, eq, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Db } from "../../../db/client.js";
import { type Client, clientEvents, clients, commissionHistory } from "../../../db/schema.js";
import { type CommissionTexts, decideCommission, effectiveRateBp, noticeFor } from "../../commissions/commissions.js";
import { notificationInsertIfChanged } from "../../notifications/notifications.js";
import type { StatusGroup } from "./stages.js";

export type SyncSettings = {
  /** Names the portal in the stage cache (e.g. the webhook URL's host). */
  portalKey: string;
  /** DEFAULT_REWARD_PERCENTAGE in basis points, used when the admin has set no global rate. */
  defaultRewardBp: number;
  /** Notification sentences (`t.commissions.notices`). */
  texts: CommissionTexts;
};

export type NextState = {
  b24DealId: number | null;
  /** A deal newly attached to this client (first sync of its deal, or a lead conversion). */
  attached: boolean;
  statusId: string | null;
  statusName: string | null;
  group: StatusGroup;
  amountKopecks: number | null;
  currencyId: string | null;
  modifiedAt: number | null;
  deletedAt: number | null;
  /** Deal-driven state: the commission rules apply. */
  money: boolean;
};

export type ApplyResult = "applied" | "unchanged" | "conflict";

const is = (column: unknown, value: unknown) => sql`${column} is ${value}`;

function eventIfChanged(db: Db, clientId: number, at: number, kind: string, data: unknown) {
  return db.run(sql`insert into ${clientEvents} (client_id, at, kind, data)
    select ${clientId}, ${at}, ${kind}, ${JSON.stringify(data)} where changes() > 0`);
}

export async function applyState(db: Db, s: SyncSettings, client: Client, next: NextState, now: number): Promise<ApplyResult> {
  const wasWon = client.statusGroup === "won" && client.b24DealId !== null;
  const enteredWon = next.money && next.group === "won" && !wasWon;
  const rate = next.money ? await effectiveRateBp(db, client.partnerId, s.defaultRewardBp) : 0;
  const decision = next.money
    ? decideCommission(
        {
          won: wasWon,
          amountKopecks: client.amountKopecks,
          commissionKopecks: client.commissionKopecks,
          rateBp: client.commissionRateBp,
          isPaid: client.isPaid,
        },
        { won: next.group === "won", amountKopecks: next.amountKopecks, deleted: next.deletedAt !== null },
        rate,
      )
    : ({ kind: "none" } as const);
  const statusChanged = next.statusId !== client.b24StatusId || next.group !== client.statusGroup || next.statusName !== client.statusName;
  const unchanged =
    !statusChanged &&
    !next.attached &&
    decision.kind === "none" &&
    next.b24DealId === client.b24DealId &&
    next.amountKopecks === client.amountKopecks &&
    next.currencyId === client.currencyId &&
    next.modifiedAt === client.b24ModifiedAt &&
    next.deletedAt === client.b24DeletedAt;
  if (unchanged) return "unchanged";

  const update = db
    .update(clients)
    .set({
      b24DealId: next.b24DealId,
      b24StatusId: next.statusId,
      statusName: next.statusName,
      statusGroup: next.group,
      amountKopecks: next.amountKopecks,
      currencyId: next.currencyId,
      b24ModifiedAt: next.modifiedAt,
      b24DeletedAt: next.deletedAt,
      updatedAt: now,
      ...(decision.kind === "change" ? { commissionKopecks: decision.newKopecks, commissionRateBp: decision.rateBp } : {}),
      ...(decision.kind === "flag" ? { commissionFlagged: true } : {}),
      // The payout hold period counts from the moment the deal was won.
      ...(enteredWon ? { wonAt: now } : next.group !== "won" && client.statusGroup === "won" && !client.isPaid ? { wonAt: null } : {}),
    })
    .where(
      and(
        eq(clients.id, client.id),
        eq(clients.statusGroup, client.statusGroup),
        eq(clients.commissionKopecks, client.commissionKopecks),
        eq(clients.isPaid, client.isPaid),
        is(clients.b24DealId, client.b24DealId),
        is(clients.b24ModifiedAt, client.b24ModifiedAt),
        is(clients.b24DeletedAt, client.b24DeletedAt),
      ),
    );
  const chain: BatchItem<"sqlite">[] = [];
  if (next.attached) chain.push(eventIfChanged(db, client.id, now, "b24_deal_attached", { dealId: next.b24DealId }));
  if (next.deletedAt !== null && client.b24DeletedAt === null) chain.push(eventIfChanged(db, client.id, now, "b24_deleted", { dealId: next.b24DealId }));
  else if (statusChanged) chain.push(eventIfChanged(db, client.id, now, "status", { statusId: next.statusId, name: next.statusName, group: next.group }));
  if (decision.kind === "change") {
    chain.push(
      db.run(sql`insert into ${commissionHistory} (client_id, old_kopecks, new_kopecks, reason, rate_bp, amount_kopecks, b24_deal_id, at)
        select ${client.id}, ${decision.oldKopecks}, ${decision.newKopecks}, ${decision.reason}, ${decision.rateBp},
          ${next.amountKopecks}, ${next.b24DealId}, ${now} where changes() > 0`),
    );
  }
  if (decision.kind === "flag") {
    chain.push(
      eventIfChanged(db, client.id, now, "commission_flagged", {
        reason: decision.reason,
        commissionKopecks: decision.oldKopecks,
        wouldBeKopecks: decision.wouldBeKopecks,
        amountKopecks: next.amountKopecks,
      }),
    );
  }
  const notice = next.money
    ? noticeFor(decision, enteredWon, s.texts, { clientName: client.name, amountKopecks: next.amountKopecks ?? 0, currencyId: next.currencyId })
    : null;
  if (notice) chain.push(notificationInsertIfChanged(db, { ...notice, kind: "system", targetUserId: client.partnerId, createdBy: null }, now));
  const [first] = await db.batch([update, ...chain]);
  return first.rowsAffected > 0 ? "applied" : "conflict";
}
