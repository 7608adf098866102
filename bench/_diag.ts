import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../src/db/client.js";
import { migrateDatabase } from "../src/db/migrate.js";
import { SCALE_PARTNER_ONE, seedScale } from "../src/db/seed-scale.js";
import { seedLanding } from "./landing.js";
import { freePort, killAll, startChild, waitForHttp, BROWSER_UA } from "./lib.js";
const tmp = mkdtempSync(join(tmpdir(), "diag-"));
const dbUrl = `file:${join(tmp, "d.db")}`;
const database = await openDatabase(dbUrl);
await migrateDatabase(database.db);
await seedScale(database.db, { partners: 20, links: 200, clicks: 20000, days: 30, timeZone: "Europe/Moscow", now: Date.now() });
const landing = await seedLanding(database.db, SCALE_PARTNER_ONE, Date.now());
database.close();
const port = await freePort();
const origin = `http://127.0.0.1:${port}`;
const child = startChild("app", process.argv.includes("--prof") ? ["--cpu-prof", "--cpu-prof-dir=/tmp/diag", "dist/src/server.js"] : ["dist/src/server.js"], { PORT: String(port), HOST: "127.0.0.1", DATABASE_URL: dbUrl, LOG_LEVEL: "warn", PUBLIC_ORIGIN: origin, NODE_ENV: "production", APP_TIMEZONE: "Europe/Moscow", TRUSTED_PROXIES: "127.0.0.1" });
await waitForHttp(`${origin}/healthz`, child);
const url = `${origin}/l/${landing.code}`;
const tokens: string[] = [];
const times: number[] = [];
for (let i = 0; i < 400; i++) {
  const t0 = performance.now();
  const res = await fetch(url, { headers: { "user-agent": BROWSER_UA } });
  const html = await res.text();
  times.push(performance.now() - t0);
  const m = /name="form_token" value="([^"]+)"/.exec(html);
  if (m?.[1]) tokens.push(m[1]);
  if (i === 0) console.log("GET bytes", html.length, res.status);
}
times.sort((a, b) => a - b);
console.log("GET seq ms p50", times[200]?.toFixed(2), "p99", times[396]?.toFixed(2));
await new Promise((r) => setTimeout(r, 2500));
const pt: number[] = [];
for (let i = 0; i < 300; i++) {
  const body = new URLSearchParams({ name: "Bench", phone: `+7912${String(i + 1).padStart(7, "0")}`, email: "", company: "", comment: "", website: "", form_token: tokens[i] ?? "" });
  const t0 = performance.now();
  const res = await fetch(url, { method: "POST", redirect: "manual", body, headers: { "x-forwarded-for": `10.0.${i >> 8}.${i & 255}` } });
  await res.arrayBuffer();
  pt.push(performance.now() - t0);
  if (res.status !== 303) console.log("status", res.status);
  await new Promise((r) => setTimeout(r, 20));
}
pt.sort((a, b) => a - b);
console.log("POST paced 20ms ms p50", pt[150]?.toFixed(2), "p99", pt[297]?.toFixed(2), "max", pt[299]?.toFixed(2));
child.proc.kill("SIGTERM");
await child.exited;
await killAll();
