/**
 * `npm run db:seed`: demo data for local exploration (scripts/seed-demo.ts: every page has something
 * to show). Idempotent: a second run adds nothing. Never run by `npm start`; refuses NODE_ENV=production.
 * Logins: the admin and the partners of seed-accounts.ts (printed at the end and listed in README.md).
 * `npm run db:seed -- --scale` then adds the scale data of seed-scale.ts (once; 1 000 000 clicks).
 */
import { loadConfig } from "../src/config.js";
import { openDatabase } from "../src/db/client.js";
import { migrateDatabase } from "../src/db/migrate.js";
import { percentToBp } from "../src/features/commissions/commissions.js";
import { getUserByEmail } from "../src/features/partners/partners.js";
import { DEMO_ADMIN, DEMO_PARTNER_PASSWORD, DEMO_PARTNERS } from "./seed-accounts.js";
import { seedDemo } from "./seed-demo.js";
import { SCALE_PARTNER_ONE, seedScale } from "./seed-scale.js";

const config = loadConfig();
if (config.NODE_ENV === "production") {
  process.stderr.write("db:seed refuses to run with NODE_ENV=production\n");
  process.exit(1);
}
const started = performance.now();
const database = await openDatabase(config.DATABASE_URL, config.DATABASE_AUTH_TOKEN);
const { db } = database;
await migrateDatabase(db);

const s = await seedDemo(db, database.client, {
  now: Date.now(),
  timeZone: config.APP_TIMEZONE,
  uploadDir: config.UPLOAD_DIR,
  defaultRewardBp: percentToBp(config.DEFAULT_REWARD_PERCENTAGE),
});
const added = s.createdPartners + s.clicks + s.clients + s.payoutRequests + s.notifications;
process.stdout.write(
  added === 0
    ? "demo data already present: nothing added\n"
    : `demo seeded in ${((performance.now() - started) / 1000).toFixed(1)} s: ${s.createdPartners} accounts, ${s.clicks} clicks, ${s.clients} clients, ${s.payoutRequests} payout requests, ${s.notifications} admin messages\n`,
);
const approved = DEMO_PARTNERS.filter((p) => p.approve).map((p) => p.email);
const pending = DEMO_PARTNERS.filter((p) => !p.approve).map((p) => p.email);
process.stdout.write(
  `logins: admin ${DEMO_ADMIN.email} / ${DEMO_ADMIN.password}; partners ${approved.join(", ")} / ${DEMO_PARTNER_PASSWORD}; waiting for approval: ${pending.join(", ")}\n`,
);
if (process.argv.includes("--scale")) {
  if (await getUserByEmail(db, SCALE_PARTNER_ONE)) process.stdout.write("scale data already present\n");
  else {
    const scale = await seedScale(db, { partners: 100, links: 1000, clicks: 1_000_000, days: 90, timeZone: config.APP_TIMEZONE, now: Date.now() });
    process.stdout.write(
      `scale seeded in ${(scale.ms / 1000).toFixed(1)} s: ${scale.partners} partners, ${scale.links} links, ${scale.clicks} clicks; ${SCALE_PARTNER_ONE} / ${DEMO_PARTNER_PASSWORD}\n`,
    );
  }
}
database.close();
