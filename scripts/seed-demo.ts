/**
 * The whole demo of `npm run db:seed`, in the order things happen in a real program: the admin sets the
 * program up, partners join and get approved, build landings and links, get clicks and clients, deals
 * move through the funnel, payouts are requested and paid, the admin writes to partners and they read
 * most of it. Every step skips what is already there, so a second run adds nothing.
 */
import type { Client } from "@libsql/client";
import { eq } from "drizzle-orm";
import type { Db } from "../src/db/client.js";
import { notifications, type User } from "../src/db/schema.js";
import { listNotificationsFor, markRead, sendAdminNotification } from "../src/features/notifications/notifications.js";
import { getPartner, getUserByEmail } from "../src/features/partners/partners.js";
import { DEMO_PARTNERS, type DemoPartnerKey, seedAdmin, seedPartners, seedProgramSettings } from "./seed-accounts.js";
import { ago, later, seededRandom } from "./seed-clicks.js";
import { seedPartnerContent } from "./seed-content.js";
import { seedBrandLogo } from "./seed-logo.js";
import { seedPartnerMoney } from "./seed-money.js";

const DAY = 86_400_000;

export type DemoOptions = { now: number; timeZone: string; uploadDir: string; defaultRewardBp: number };
export type DemoSummary = { createdPartners: number; clicks: number; clients: number; payoutRequests: number; notifications: number };

/** Messages from the admin: two to everyone, one to the main demo partner. */
async function seedAdminMessages(db: Db, adminId: number, partners: Map<DemoPartnerKey, User>, now: number): Promise<number> {
  const any = await db.select({ id: notifications.id }).from(notifications).where(eq(notifications.kind, "admin")).limit(1).get();
  if (any) return 0;
  const anna = partners.get("anna");
  const messages = [
    {
      daysAgo: 45,
      targetUserId: null,
      title: "Новые материалы для партнёров",
      message: "В разделе «Ссылки» появилась готовая ссылка на сайт компании. Поделитесь ею с клиентами — заявки с неё засчитываются вам.",
    },
    {
      daysAgo: 9,
      targetUserId: null,
      title: "Вебинар для партнёров в четверг",
      message: "В 11:00 по Москве расскажем, как предлагать внедрение CRM малому бизнесу и отвечать на частые вопросы клиентов.",
    },
    ...(anna
      ? [
          {
            daysAgo: 1,
            targetUserId: anna.id,
            title: "Спасибо за «Лебедев Групп»",
            message: "Анна, сделка с «Лебедев Групп» закрыта быстрее обычного. Комиссия станет доступна к выплате после 14 дней удержания.",
          },
        ]
      : []),
  ];
  for (const [i, m] of messages.entries())
    await sendAdminNotification(db, { title: m.title, message: m.message, targetUserId: m.targetUserId, createdBy: adminId }, ago(now, m.daysAgo, 20 + i));
  // Partners read what came before the last few days; the newest stays unread, as in a real cabinet.
  for (const p of partners.values()) {
    if (p.approvalStatus !== "approved") continue;
    for (const n of await listNotificationsFor(db, p, 200)) {
      if (!n.read && n.createdAt < now - 4 * DAY) await markRead(db, p, n.id, n.createdAt + later(n.id));
    }
  }
  return messages.length;
}

export async function seedDemo(db: Db, client: Client, o: DemoOptions): Promise<DemoSummary> {
  const random = seededRandom(20_261_126);
  const admin = await seedAdmin(db, o.now);
  await seedProgramSettings(db, admin.id, o.now);
  await seedBrandLogo(db, o.uploadDir, admin.id, ago(o.now, 85, 2) + 600_000);
  let existing = 0;
  for (const p of DEMO_PARTNERS) if (await getUserByEmail(db, p.email)) existing++;
  const partners = await seedPartners(db, admin.id, o.now);
  const summary: DemoSummary = { createdPartners: DEMO_PARTNERS.length - existing, clicks: 0, clients: 0, payoutRequests: 0, notifications: 0 };
  for (const [key, user] of partners) {
    if (user.approvalStatus !== "approved") continue;
    const content = await seedPartnerContent(db, client, { partnerId: user.id, key, uploadDir: o.uploadDir, now: o.now, timeZone: o.timeZone, random });
    summary.clicks += content?.clicks ?? 0;
    const money = await seedPartnerMoney(db, { partnerId: user.id, key, adminId: admin.id, now: o.now, defaultRewardBp: o.defaultRewardBp });
    summary.clients += money?.clients ?? 0;
    summary.payoutRequests += money?.requests ?? 0;
  }
  const fresh = new Map<DemoPartnerKey, User>();
  for (const [key, user] of partners) fresh.set(key, (await getPartner(db, user.id)) ?? user);
  summary.notifications = await seedAdminMessages(db, admin.id, fresh, o.now);
  return summary;
}
