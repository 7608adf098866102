/** The admin's payout rules (PRODUCT.md §6, §7): hold period and minimum payout, kept in `settings`. */
import { inArray } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { settings } from "../../db/schema.js";
import { auditInsert } from "../audit/audit.js";

export const HOLD_DAYS_KEY = "payout_hold_days";
export const MIN_KOPECKS_KEY = "payout_min_kopecks";
export const MAX_HOLD_DAYS = 365;
/** 100 million roubles: far above any real payout, far below float trouble. */
export const MAX_MIN_KOPECKS = 10_000_000_000;

/** Hold days before a won commission becomes payable; the smallest total a request may have (kopecks). */
export type PayoutSettings = { holdDays: number; minKopecks: number };

/** PRODUCT.md gives no minimum and a 0-day hold: nothing is held back until the admin decides otherwise. */
export const defaultPayoutSettings: PayoutSettings = { holdDays: 0, minKopecks: 0 };

function parseBounded(value: string | undefined, max: number): number | null {
  if (value === undefined || !/^\d{1,12}$/.test(value)) return null;
  const n = Number(value);
  return n <= max ? n : null;
}

/** The stored values; anything missing or malformed reads as the default. */
export async function getPayoutSettings(db: Db): Promise<PayoutSettings> {
  const rows = await db
    .select({ key: settings.key, value: settings.value })
    .from(settings)
    .where(inArray(settings.key, [HOLD_DAYS_KEY, MIN_KOPECKS_KEY]));
  const byKey = new Map(rows.map((r) => [r.key, r.value]));
  return {
    holdDays: parseBounded(byKey.get(HOLD_DAYS_KEY), MAX_HOLD_DAYS) ?? defaultPayoutSettings.holdDays,
    minKopecks: parseBounded(byKey.get(MIN_KOPECKS_KEY), MAX_MIN_KOPECKS) ?? defaultPayoutSettings.minKopecks,
  };
}

/** Saves both values and audits the change in one batch; saving the same values again writes nothing. */
export async function savePayoutSettings(db: Db, next: PayoutSettings, adminId: number, now: number): Promise<{ changed: boolean }> {
  const before = await getPayoutSettings(db);
  if (before.holdDays === next.holdDays && before.minKopecks === next.minKopecks) return { changed: false };
  const upsert = (key: string, value: number) =>
    db
      .insert(settings)
      .values({ key, value: String(value), updatedAt: now })
      .onConflictDoUpdate({ target: settings.key, set: { value: String(value), updatedAt: now } });
  await db.batch([
    upsert(HOLD_DAYS_KEY, next.holdDays),
    upsert(MIN_KOPECKS_KEY, next.minKopecks),
    auditInsert(db, { actorId: adminId, action: "settings.payouts", entity: "settings", entityId: null, before, after: next, at: now }),
  ]);
  return { changed: true };
}
