/**
 * Commission engine (PRODUCT.md §6). State-based, so duplicates and reordered events converge: the
 * decision compares the client's stored state (won or not, amount, commission, paid) with the deal's
 * current state read from Bitrix24, never with the event that triggered the read.
 *
 * Rounding: commission = round(amount × bp / 10 000) with halves rounded up, computed in integers as
 * floor((amount × bp + 5 000) / 10 000) on BigInt, so no float ever touches money.
 */
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import type { CommissionReason } from "../../db/schema.js";
import { users } from "../../db/schema.js";
import { getSetting } from "../settings/settings.js";

export const GLOBAL_REWARD_KEY = "global_reward_bp";
export const MAX_RATE_BP = 10_000;

/** round(amountKopecks × rateBp / 10 000), half up; negative or missing amounts count as 0. */
export function commissionOf(amountKopecks: number, rateBp: number): number {
  if (!Number.isSafeInteger(amountKopecks) || !Number.isSafeInteger(rateBp)) throw new RangeError("integers only");
  if (amountKopecks <= 0 || rateBp <= 0) return 0;
  return Number((BigInt(amountKopecks) * BigInt(rateBp) + 5_000n) / 10_000n);
}

/** DEFAULT_REWARD_PERCENTAGE (may be fractional, e.g. 7.5) → basis points. */
export function percentToBp(percent: number): number {
  return Math.min(MAX_RATE_BP, Math.max(0, Math.round(percent * 100)));
}

function parseBp(value: string | null): number | null {
  if (value === null || !/^\d{1,5}$/.test(value)) return null;
  const bp = Number(value);
  return bp <= MAX_RATE_BP ? bp : null;
}

/** The global rate: the admin's setting, else the configured default. */
export async function globalRateBp(db: Db, defaultBp: number): Promise<number> {
  return parseBp(await getSetting(db, GLOBAL_REWARD_KEY)) ?? defaultBp;
}

/** The partner's own rate if set, else the global rate. */
export async function effectiveRateBp(db: Db, partnerId: number, defaultBp: number): Promise<number> {
  const row = await db.select({ bp: users.rewardRateBp }).from(users).where(eq(users.id, partnerId)).get();
  if (row?.bp !== null && row?.bp !== undefined && row.bp >= 0 && row.bp <= MAX_RATE_BP) return row.bp;
  return globalRateBp(db, defaultBp);
}

export type CommissionBefore = {
  won: boolean;
  amountKopecks: number | null;
  commissionKopecks: number;
  rateBp: number | null;
  isPaid: boolean;
};
export type CommissionAfter = { won: boolean; amountKopecks: number | null; deleted?: boolean };

export type CommissionDecision =
  | { kind: "none" }
  /** Money changes: old → new, written to the history with the reason. */
  | { kind: "change"; reason: CommissionReason; oldKopecks: number; newKopecks: number; rateBp: number | null }
  /** The client is paid: money stays, the admin is told what it would have become. */
  | { kind: "flag"; reason: CommissionReason; oldKopecks: number; wouldBeKopecks: number; rateBp: number | null };

/**
 * What a new deal state does to the money. Entering won accrues at the current effective rate (fixed
 * on the client from then on); an amount change while won recomputes at the fixed rate; leaving won
 * (or deletion) reverses to 0. A paid client is never changed, only flagged.
 */
export function decideCommission(before: CommissionBefore, after: CommissionAfter, currentRateBp: number): CommissionDecision {
  const amount = after.amountKopecks ?? 0;
  let reason: CommissionReason;
  let target: number;
  let rateBp: number | null;
  if (after.won && !before.won) {
    reason = "won";
    rateBp = currentRateBp;
    target = commissionOf(amount, rateBp);
  } else if (after.won && before.won) {
    rateBp = before.rateBp ?? currentRateBp;
    target = commissionOf(amount, rateBp);
    reason = "amount_changed";
  } else if (before.won) {
    reason = after.deleted ? "deleted" : "reversed";
    rateBp = before.rateBp;
    target = 0;
  } else {
    return { kind: "none" };
  }
  if (target === before.commissionKopecks) return { kind: "none" };
  if (before.isPaid) return { kind: "flag", reason, oldKopecks: before.commissionKopecks, wouldBeKopecks: target, rateBp };
  return { kind: "change", reason, oldKopecks: before.commissionKopecks, newKopecks: target, rateBp };
}

/** What a partner notification is built from; the caller's dictionary turns it into sentences. */
export type CommissionNotice = {
  clientName: string;
  amountKopecks: number;
  currencyId: string | null;
  oldKopecks: number;
  newKopecks: number;
};
export type NoticeText = { title: string; message: string };

/** Sentence builders, passed in by the composition root (`t.commissions.notices`): domain code holds no text. */
export type CommissionTexts = {
  won: (n: CommissionNotice) => NoticeText;
  changed: (n: CommissionNotice) => NoticeText;
  reversed: (n: CommissionNotice) => NoticeText;
};

/** Which notification a decision sends to the partner (none for flags: those are for the admin). */
export function noticeFor(decision: CommissionDecision, enteredWon: boolean, texts: CommissionTexts, n: Omit<CommissionNotice, "oldKopecks" | "newKopecks">) {
  if (enteredWon) {
    const commission = decision.kind === "change" ? decision.newKopecks : decision.kind === "flag" ? decision.oldKopecks : 0;
    return texts.won({ ...n, oldKopecks: 0, newKopecks: commission });
  }
  if (decision.kind !== "change") return null;
  const notice = { ...n, oldKopecks: decision.oldKopecks, newKopecks: decision.newKopecks };
  return decision.newKopecks === 0 ? texts.reversed(notice) : texts.changed(notice);
}
