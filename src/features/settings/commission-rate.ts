/**
 * The global commission rate (PRODUCT.md §6), kept in `settings` as basis points over the
 * DEFAULT_REWARD_PERCENTAGE default. The engine fixes a client's rate when its deal is won, so a new
 * rate applies only to future accruals.
 */
import { ne } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { settings } from "../../db/schema.js";
import { auditInsertIfChanged } from "../audit/audit.js";
import { GLOBAL_REWARD_KEY, globalRateBp, MAX_RATE_BP } from "../commissions/commissions.js";
import { getSetting } from "./settings.js";

export type GlobalRate = { rateBp: number; isDefault: boolean };

export async function getGlobalRate(db: Db, defaultBp: number): Promise<GlobalRate> {
  const stored = await getSetting(db, GLOBAL_REWARD_KEY);
  const rateBp = await globalRateBp(db, defaultBp);
  // A stored value the engine cannot read counts as unset, exactly as globalRateBp treats it.
  return { rateBp, isDefault: stored === null || String(rateBp) !== stored };
}

export type RateParse = { ok: true; rateBp: number } | { ok: false; reason: "invalid" | "too_many_decimals" | "too_large" };

/** «10», «7,5», «7.25», «12 %» → basis points, without floats; at most two decimals, 0–100. */
export function parsePercent(input: string): RateParse {
  const text = input.replace(/[\s\u00a0]/g, "").replace(/%$/, "");
  const match = /^(\d{1,3})(?:[.,](\d+))?$/.exec(text);
  if (!match) return { ok: false, reason: "invalid" };
  const fraction = match[2] ?? "";
  if (fraction.length > 2) return { ok: false, reason: "too_many_decimals" };
  const rateBp = Number(match[1]) * 100 + Number(fraction.padEnd(2, "0"));
  return rateBp > MAX_RATE_BP ? { ok: false, reason: "too_large" } : { ok: true, rateBp };
}

/** Stores the rate and audits before → after in one batch; saving the stored value again writes nothing. */
export async function setGlobalRate(db: Db, rateBp: number, defaultBp: number, adminId: number, now: number): Promise<void> {
  if (!Number.isSafeInteger(rateBp) || rateBp < 0 || rateBp > MAX_RATE_BP) throw new RangeError(`rate out of range: ${rateBp}`);
  const before = await getGlobalRate(db, defaultBp);
  const value = String(rateBp);
  await db.batch([
    db
      .insert(settings)
      .values({ key: GLOBAL_REWARD_KEY, value, updatedAt: now })
      .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: now }, setWhere: ne(settings.value, value) }),
    auditInsertIfChanged(db, {
      actorId: adminId,
      action: "commission.global_rate",
      entity: "settings",
      entityId: null,
      before: { rateBp: before.rateBp, isDefault: before.isDefault },
      after: { rateBp },
      at: now,
    }),
  ]);
}
