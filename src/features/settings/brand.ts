/**
 * The company's brand (admin settings): name, logo, colour, support contact, privacy-policy URL.
 * Stored as `brand_*` rows of the settings key/value table; every page reads it through `getBrand`.
 * Nothing set is a valid brand: the cabinet then shows its own name and default palette.
 */
import { inArray } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { settings } from "../../db/schema.js";

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
