/**
 * `npm run db:seed`: demo data for local exploration. Idempotent; never run by `npm start`;
 * refuses NODE_ENV=production. Logins: admin@example.ru / demo-admin-pass,
 * anna@example.ru and boris@example.ru / demo-partner-pass; one pending sign-up waits for approval.
 * `npm run db:seed -- --scale` then adds the scale data of seed-scale.ts (once; 1 000 000 clicks).
 */
import { ensureEnvAdmin } from "../src/auth/accounts.js";
import { hashPassword } from "../src/auth/password.js";
import { loadConfig } from "../src/config.js";
import { openDatabase } from "../src/db/client.js";
import { migrateDatabase } from "../src/db/migrate.js";
import { notifyAllPartners } from "../src/features/notifications/notifications.js";
import { approveRegistration, getUserByEmail, registerPartner } from "../src/features/partners/partners.js";
import { t } from "../src/i18n/ru.js";
import { SCALE_PARTNER_ONE, seedScale } from "./seed-scale.js";

const config = loadConfig();
if (config.NODE_ENV === "production") {
  process.stderr.write("db:seed refuses to run with NODE_ENV=production\n");
  process.exit(1);
}
const database = await openDatabase(config.DATABASE_URL, config.DATABASE_AUTH_TOKEN);
const { db } = database;
await migrateDatabase(db);
const now = Date.now();

await ensureEnvAdmin(db, { email: "admin@example.ru", password: "demo-admin-pass", name: t.auth.defaultAdminName }, now);
const admin = await getUserByEmail(db, "admin@example.ru");
if (!admin) throw new Error("seed admin missing");

const demoPartners = [
  { email: "anna@example.ru", name: "Анна Смирнова", company: "Смирнова и партнёры", phone: "+79123456789", approve: true },
  { email: "boris@example.ru", name: "Борис Козлов", company: null, phone: null, approve: true },
  { email: "vera@example.ru", name: "Вера Новикова", company: "Новикова Консалтинг", phone: "+79219876543", approve: false },
];
const passwordHash = await hashPassword("demo-partner-pass");
let createdCount = 0;
for (const p of demoPartners) {
  if (await getUserByEmail(db, p.email)) continue;
  createdCount++;
  const created = await registerPartner(db, { email: p.email, name: p.name, company: p.company, phone: p.phone, passwordHash }, now - 86_400_000);
  if (created.ok && p.approve) {
    await approveRegistration(
      db,
      created.user.id,
      admin.id,
      (u) => ({ title: t.partners.admin.welcomeTitle, message: t.partners.admin.welcomeMessage(u.name) }),
      now,
    );
  }
}
// Only on the first run, so running the seed twice adds nothing.
if (createdCount > 0)
  await notifyAllPartners(db, { title: "Новые материалы", message: "В кабинете обновились условия программы.", kind: "admin", createdBy: admin.id }, now);
process.stdout.write("seeded: admin@example.ru / demo-admin-pass; anna@example.ru, boris@example.ru / demo-partner-pass\n");
if (process.argv.includes("--scale")) {
  if (await getUserByEmail(db, SCALE_PARTNER_ONE)) process.stdout.write("scale data already present\n");
  else {
    const s = await seedScale(db, { partners: 100, links: 1000, clicks: 1_000_000, days: 90, timeZone: config.APP_TIMEZONE, now: Date.now() });
    process.stdout.write(
      `scale seeded in ${(s.ms / 1000).toFixed(1)} s: ${s.partners} partners, ${s.links} links, ${s.clicks} clicks; ${SCALE_PARTNER_ONE} / demo-partner-pass\n`,
    );
  }
}
database.close();
