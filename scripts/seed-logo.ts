/** The demo company's logo, stored the way the admin's upload on /admin/settings stores it (re-encoded, audited). */
import type { Db } from "../src/db/client.js";
import { getBrand, setBrandLogo } from "../src/features/settings/brand.js";
import { storeLogoBytes } from "../src/features/settings/brand-logo.js";
import { DEMO_BRAND } from "./seed-accounts.js";
import { companyLogo } from "./seed-images.js";

/** Only when no logo is set: an admin's own logo is never replaced by the demo one. */
export async function seedBrandLogo(db: Db, uploadDir: string, adminId: number, now: number): Promise<void> {
  if ((await getBrand(db)).logo) return;
  const stored = await storeLogoBytes(uploadDir, await companyLogo(DEMO_BRAND.colour));
  if (!stored.ok) throw new Error(`seed: logo refused (${stored.problem})`);
  await setBrandLogo(db, stored.logo, adminId, now);
}
