/**
 * The company's brand (admin settings): name, logo, colour, support contact, privacy-policy URL.
 * Stored as `brand_*` rows of the settings key/value table; every page reads it through `getBrand`.
 * Nothing set is a valid brand: the cabinet then shows its own name and default palette.
 */
import { eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { settings } from "../../db/schema.js";
import { auditInsert, auditInsertIfChanged } from "../audit/audit.js";

/** The re-encoded logo file under UPLOAD_DIR/brand, with its pixel size and a version for cache busting. */
export type BrandLogo = { file: string; width: number; height: number; version: string };

export type Brand = {
  companyName: string | null;
  /** #rrggbb, lower case; null: the default accent. */
  colour: string | null;
  supportContact: string | null;
  privacyPolicyUrl: string | null;
  logo: BrandLogo | null;
};

export const BRAND_KEYS = {
  companyName: "brand_company_name",
  colour: "brand_colour",
  supportContact: "brand_support_contact",
  privacyPolicyUrl: "brand_privacy_policy_url",
  logo: "brand_logo",
} as const;

export const EMPTY_BRAND: Brand = { companyName: null, colour: null, supportContact: null, privacyPolicyUrl: null, logo: null };

function parseLogo(value: string | undefined): BrandLogo | null {
  if (!value) return null;
  try {
    const v = JSON.parse(value) as Partial<BrandLogo>;
    if (typeof v.file !== "string" || typeof v.version !== "string" || typeof v.width !== "number" || typeof v.height !== "number") return null;
    return { file: v.file, width: v.width, height: v.height, version: v.version };
  } catch {
    return null;
  }
}

export async function getBrand(db: Db): Promise<Brand> {
  const rows = await db
    .select({ key: settings.key, value: settings.value })
    .from(settings)
    .where(inArray(settings.key, Object.values(BRAND_KEYS)))
    .all();
  const byKey = new Map(rows.map((r) => [r.key, r.value]));
  const text = (key: string) => {
    const v = byKey.get(key)?.trim();
    return v ? v : null;
  };
  const colour = text(BRAND_KEYS.colour);
  return {
    companyName: text(BRAND_KEYS.companyName),
    colour: colour && /^#[0-9a-f]{6}$/.test(colour) ? colour : null,
    supportContact: text(BRAND_KEYS.supportContact),
    privacyPolicyUrl: text(BRAND_KEYS.privacyPolicyUrl),
    logo: parseLogo(byKey.get(BRAND_KEYS.logo)),
  };
}

/** The brand's text settings as the form saves them; null clears one (the default look). */
export type BrandFields = Pick<Brand, "companyName" | "colour" | "supportContact" | "privacyPolicyUrl">;
const FIELD_NAMES = ["companyName", "colour", "supportContact", "privacyPolicyUrl"] as const;

const upsert = (db: Db, key: string, value: string, now: number) =>
  db
    .insert(settings)
    .values({ key, value, updatedAt: now })
    .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: now } });

/**
 * Stores the fields that differ from the stored brand and audits before → after in the same batch.
 * Saving what is stored writes nothing (no audit row either). Returns whether anything changed.
 */
export async function saveBrandFields(db: Db, fields: BrandFields, adminId: number, now: number): Promise<boolean> {
  const current = await getBrand(db);
  const changed = FIELD_NAMES.filter((name) => current[name] !== fields[name]);
  if (changed.length === 0) return false;
  const pick = (b: BrandFields) => Object.fromEntries(changed.map((name) => [name, b[name]]));
  await db.batch([
    auditInsert(db, { actorId: adminId, action: "settings.brand", entity: "settings", entityId: null, before: pick(current), after: pick(fields), at: now }),
    // An empty value is "not set" for getBrand; the row stays so the next save is an update.
    ...changed.map((name) => upsert(db, BRAND_KEYS[name], fields[name] ?? "", now)),
  ]);
  return true;
}

const logoSummary = (logo: BrandLogo | null) => (logo ? `${logo.width} × ${logo.height}` : null);

/** Makes `logo` the current one (audited); returns the previous logo, whose file the caller removes. */
export async function setBrandLogo(db: Db, logo: BrandLogo, adminId: number, now: number): Promise<BrandLogo | null> {
  const previous = (await getBrand(db)).logo;
  await db.batch([
    upsert(db, BRAND_KEYS.logo, JSON.stringify(logo), now),
    auditInsert(db, {
      actorId: adminId,
      action: "settings.brand_logo",
      entity: "settings",
      entityId: null,
      before: { logo: logoSummary(previous) },
      after: { logo: logoSummary(logo) },
      at: now,
    }),
  ]);
  return previous;
}

/** Removes the logo setting (audited only when there was one); returns the removed logo, or null. */
export async function removeBrandLogo(db: Db, adminId: number, now: number): Promise<BrandLogo | null> {
  const previous = (await getBrand(db)).logo;
  if (!previous) return null;
  await db.batch([
    db.delete(settings).where(eq(settings.key, BRAND_KEYS.logo)),
    auditInsertIfChanged(db, {
      actorId: adminId,
      action: "settings.brand_logo_removed",
      entity: "settings",
      entityId: null,
      before: { logo: logoSummary(previous) },
      after: { logo: null },
      at: now,
    }),
  ]);
  return previous;
}
