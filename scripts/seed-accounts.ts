/**
 * Demo accounts and program settings: the admin, three approved partners (one with a very long name,
 * company and email, to stress layouts), one sign-up waiting for approval, and the company's brand,
 * payout rules and default link. Each piece is written only when it is missing, through the same
 * domain functions the admin pages use (approval → welcome notification, default links, audit).
 */
import { ensureEnvAdmin } from "../src/auth/accounts.js";
import { hashPassword } from "../src/auth/password.js";
import type { Db } from "../src/db/client.js";
import { defaultLinks, type User } from "../src/db/schema.js";
import { createDefaultLink } from "../src/features/links/default-links.js";
import { approveRegistration, getUserByEmail, registerPartner } from "../src/features/partners/partners.js";
import { getPayoutSettings, savePayoutSettings } from "../src/features/payouts/payout-settings.js";
import { getBrand, saveBrandFields } from "../src/features/settings/brand.js";
import { t } from "../src/i18n/ru.js";
import { ago, later } from "./seed-clicks.js";

export const DEMO_ADMIN = { email: "admin@example.ru", password: "demo-admin-pass", name: "Мария Соколова" };
export const DEMO_PARTNER_PASSWORD = "demo-partner-pass";

export type DemoPartnerKey = "anna" | "boris" | "long" | "vera";
type DemoPartner = { key: DemoPartnerKey; email: string; name: string; company: string | null; phone: string | null; joinedDaysAgo: number; approve: boolean };

export const DEMO_PARTNERS: readonly DemoPartner[] = [
  { key: "anna", email: "anna@example.ru", name: "Анна Смирнова", company: "Смирнова и партнёры", phone: "+79123456789", joinedDaysAgo: 75, approve: true },
  { key: "boris", email: "boris@example.ru", name: "Борис Козлов", company: null, phone: "+79035551234", joinedDaysAgo: 40, approve: true },
  {
    key: "long",
    email: "konstantin.verkholensky-preobrazhensky@agentstvo-novye-gorizonty.example.ru",
    name: "Константин Александрович Верхоленский-Преображенский",
    company: "Агентство недвижимости и деловых коммуникаций «Новые горизонты Северо-Западного региона»",
    phone: "+78127654321",
    joinedDaysAgo: 28,
    approve: true,
  },
  { key: "vera", email: "vera@example.ru", name: "Вера Новикова", company: "Новикова Консалтинг", phone: "+79219876543", joinedDaysAgo: 1, approve: false },
];

export const DEMO_BRAND = {
  companyName: "ООО «Северный ветер»",
  colour: "#0e7c66",
  supportContact: "partners@severny-veter.example, +7 495 123-45-67",
  privacyPolicyUrl: "https://severny-veter.example/privacy",
};
export const DEMO_SITE = "https://severny-veter.example";

/** The admin, created with the demo password only when missing (a second run leaves it untouched). */
export async function seedAdmin(db: Db, now: number): Promise<User> {
  if (!(await getUserByEmail(db, DEMO_ADMIN.email))) await ensureEnvAdmin(db, DEMO_ADMIN, ago(now, 90, 1));
  const admin = await getUserByEmail(db, DEMO_ADMIN.email);
  if (!admin) throw new Error("seed admin missing");
  return admin;
}

/** Brand, payout hold and minimum, and one default link, each only if the admin has not set it. */
export async function seedProgramSettings(db: Db, adminId: number, now: number): Promise<void> {
  const at = ago(now, 85, 2);
  // Through the settings form's own save (one audit row); a field the admin has set is kept.
  const brand = await getBrand(db);
  await saveBrandFields(
    db,
    {
      companyName: brand.companyName ?? DEMO_BRAND.companyName,
      colour: brand.colour ?? DEMO_BRAND.colour,
      supportContact: brand.supportContact ?? DEMO_BRAND.supportContact,
      privacyPolicyUrl: brand.privacyPolicyUrl ?? DEMO_BRAND.privacyPolicyUrl,
    },
    adminId,
    at,
  );
  const payouts = await getPayoutSettings(db);
  if (payouts.holdDays === 0 && payouts.minKopecks === 0) await savePayoutSettings(db, { holdDays: 14, minKopecks: 100_000 }, adminId, at);
  const anyDefault = await db.select({ id: defaultLinks.id }).from(defaultLinks).limit(1).get();
  if (!anyDefault) {
    await createDefaultLink(
      db,
      { title: "Сайт «Северного ветра»", targetUrl: `${DEMO_SITE}/`, utmSource: "partner", utmMedium: "referral", utmCampaign: "partners", utmContent: null },
      adminId,
      at,
    );
  }
}

/** Registers (and approves) the demo partners that do not exist yet; returns every demo partner by key. */
export async function seedPartners(db: Db, adminId: number, now: number): Promise<Map<DemoPartnerKey, User>> {
  const passwordHash = await hashPassword(DEMO_PARTNER_PASSWORD);
  const byKey = new Map<DemoPartnerKey, User>();
  for (const [i, p] of DEMO_PARTNERS.entries()) {
    let user = await getUserByEmail(db, p.email);
    if (!user) {
      const joined = ago(now, p.joinedDaysAgo, 10 + i);
      const created = await registerPartner(db, { email: p.email, name: p.name, company: p.company, phone: p.phone, passwordHash }, joined);
      if (!created.ok) throw new Error(`seed: could not register ${p.email}`);
      if (p.approve) {
        const welcome = (u: User) => ({ title: t.partners.admin.welcomeTitle, message: t.partners.admin.welcomeMessage(u.name) });
        await approveRegistration(db, created.user.id, adminId, welcome, joined + later(i));
      }
      user = await getUserByEmail(db, p.email);
    }
    if (user) byKey.set(p.key, user);
  }
  return byKey;
}
