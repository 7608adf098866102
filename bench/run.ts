/**
 * `npm run bench [-- --full] [-- --duration N] [-- --connections N]`: seeds a throw-away database
 * (scale data plus one landing with a landing link for partner #1), starts the built app (trusting
 * 127.0.0.1 as a proxy) and a bare Hono hello-world side by side, drives both with autocannon on
 * 127.0.0.1: hello-world, the /r/:code redirect and the landing page GET /l/:code at full speed,
 * then the lead form POST /l/:code at a fixed 50 req/s (fresh token, phone and X-Forwarded-For per
 * POST; see bench/landing.ts). Times the dashboard of the partner with the most clicks, checks that
 * no click is lost on SIGTERM under load (and how many on SIGKILL), runs the chat section on its own
 * database and app (bench/chat.ts: badges at 10 000 partners × 100 messages, the 500-session idle
 * poll against a fresh hello-world, its CPU at the real rate, send-to-display), then prints a table and
 * PASS/FAIL per target. The whole run is bounded by a watchdog; children are killed and the temp
 * dir removed on every exit.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { SCALE_PARTNER_ONE, seedScale } from "../scripts/seed-scale.js";
import { openDatabase } from "../src/db/client.js";
import { migrateDatabase } from "../src/db/migrate.js";
import { chatBench } from "./chat.js";
import { dbLockRun, describeLock } from "./db-lock.js";
import { describeForm, formBench, seedLanding } from "./landing.js";
import {
  assertRunning,
  type Child,
  countClicks,
  fmt,
  freePort,
  isRunning,
  killAll,
  type Load,
  percentile,
  ROOT,
  runLoad,
  startChild,
  statusList,
  stopChild,
  table,
  waitExit,
  waitForHttp,
} from "./lib.js";
import { uploadBench, uploadTarget } from "./upload.js";

const { values: flags } = parseArgs({
  options: { full: { type: "boolean", default: false }, duration: { type: "string", default: "8" }, connections: { type: "string", default: "64" } },
});
const DURATION = Math.max(1, Number(flags.duration) || 8);
const CONNECTIONS = Math.max(1, Number(flags.connections) || 64);
const WARMUP = 2;
const FLUSH_INTERVAL_MS = 200;
const TIME_ZONE = "Europe/Moscow";
const SCALE = flags.full ? { partners: 100, links: 1000, clicks: 1_000_000 } : { partners: 20, links: 200, clicks: 200_000 };
// + 40 s for the upload run (bench/upload.ts: image generation and four 46 MB uploads), + 60 s and two
// more runs for the chat section (seeding 1 M messages, a 10 s CPU run, the send-to-display run).
const LIMIT_S = (flags.full ? 240 : 120) + 9 * DURATION + 40 + 60;
const FORM_RATE = 50;
const FORM_CONNECTIONS = 10;
const PARTNER_PASSWORD = "demo-partner-pass";
const HELLO_SOURCE = `import { serve } from "@hono/node-server";
import { Hono } from "hono";
const app = new Hono();
app.get("/", (c) => c.text("hello"));
serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: "127.0.0.1" });
process.on("SIGTERM", () => process.exit(0));`;

const tmp = mkdtempSync(join(tmpdir(), "cabinet-bench-"));
const dbUrl = `file:${join(tmp, "bench.db")}`;
const say = (line = "") => process.stdout.write(`${line}\n`);
const loadAverage = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(" ");

let cleaned = false;
async function cleanup(): Promise<void> {
  if (cleaned) return;
  cleaned = true;
  await killAll();
  rmSync(tmp, { recursive: true, force: true });
}
const watchdog = setTimeout(() => {
  process.stderr.write(`bench: time limit of ${LIMIT_S} s reached, stopping\n`);
  void cleanup().finally(() => process.exit(2));
}, LIMIT_S * 1000);
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void cleanup().finally(() => process.exit(130)));

async function startApp(): Promise<{ child: Child; origin: string }> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const child = startChild("app", ["dist/src/server.js"], {
    PORT: String(port),
    HOST: "127.0.0.1",
    DATABASE_URL: dbUrl,
    LOG_LEVEL: "warn",
    PUBLIC_ORIGIN: origin,
    NODE_ENV: "production",
    APP_TIMEZONE: TIME_ZONE,
    ADMIN_EMAIL: "bench-admin@example.ru",
    ADMIN_PASSWORD: "bench-admin-pass",
    // The form POSTs give each lead its own X-Forwarded-For address (the per-IP limit is 5 / 10 min).
    TRUSTED_PROXIES: "127.0.0.1",
    UPLOAD_DIR: join(tmp, "uploads"),
    // As deployed (Dockerfile, npm start): fewer malloc arenas keep sharp's native memory together.
    MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? "2",
  });
  await waitForHttp(`${origin}/healthz`, child);
  return { child, origin };
}

type Dashboard = { status: string; median: number; p90: number; bytes: number; note: string };

async function timeDashboard(origin: string, samples: number): Promise<Dashboard> {
  const login = await fetch(`${origin}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { origin, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email: SCALE_PARTNER_ONE, password: PARTNER_PASSWORD }),
  });
  await login.arrayBuffer();
  const session = login.headers.getSetCookie().find((c) => c.startsWith("session="));
  if (!session) return { status: `login ${login.status}`, median: Number.NaN, p90: Number.NaN, bytes: 0, note: "no session cookie" };
  const cookie = session.split(";")[0] ?? "";
  const times: number[] = [];
  const statuses: Record<string, number> = {};
  let bytes = 0;
  for (let i = 0; i < samples + 5; i++) {
    const started = performance.now();
    const res = await fetch(`${origin}/dashboard`, { redirect: "manual", headers: { cookie } });
    const body = await res.text();
    const ms = performance.now() - started;
    if (i < 5) continue; // warm-up
    times.push(ms);
    statuses[res.status] = (statuses[res.status] ?? 0) + 1;
    bytes = body.length;
  }
  times.sort((a, b) => a - b);
  return { status: statusList(statuses), median: percentile(times, 50), p90: percentile(times, 90), bytes, note: `login ${login.status}` };
}

type Loss = { answered: number; afterSignal: number; stored: number; lost: number; rate: number; exit: string };

/** Loads /r/<code> for 3 s and sends `signal` to the app after 2 s; compares 302s with stored rows. */
async function lossRun(app: Child, origin: string, link: { code: string; id: number }, signal: NodeJS.Signals): Promise<Loss> {
  const baseline = await countClicks(dbUrl, link.id);
  let answered = 0;
  let atSignal = 0;
  const started = performance.now();
  let signalledAt = started;
  const timer = setTimeout(() => {
    atSignal = answered;
    signalledAt = performance.now();
    app.proc.kill(signal);
  }, 2000);
  await runLoad({
    name: `loss-${signal}`,
    url: `${origin}/r/${link.code}`,
    connections: CONNECTIONS,
    duration: 3,
    expect: 302,
    onStatus: (status) => {
      if (status === 302) answered++;
    },
  });
  clearTimeout(timer);
  const exit = (await waitExit(app, 15_000)) ?? (await stopChild(app, "SIGKILL"));
  const stored = (await countClicks(dbUrl, link.id)) - baseline;
  const rate = atSignal / ((signalledAt - started) / 1000);
  return { answered, afterSignal: answered - atSignal, stored, lost: answered - stored, rate, exit: exit.signal ?? `code ${exit.code}` };
}

async function main(): Promise<void> {
  if (!existsSync(join(ROOT, "dist/src/server.js"))) throw new Error("dist/src/server.js missing: run `npm run build` first (npm run bench does)");
  say(`bench: node ${process.version}, ${cpus().length} CPUs, ${CONNECTIONS} connections, ${DURATION} s per run (+${WARMUP} s warm-up), limit ${LIMIT_S} s`);
  say(`load average before the run: ${loadAverage()} (other work on the machine skews the numbers; the ratios are from the same run)`);

  const seedStarted = performance.now();
  const database = await openDatabase(dbUrl);
  await migrateDatabase(database.db);
  const seeded = await seedScale(database.db, { ...SCALE, days: 90, timeZone: TIME_ZONE, now: Date.now() });
  const sample = await database.client.execute("select id, code from links order by random() limit 52");
  const landing = await seedLanding(database.db, SCALE_PARTNER_ONE, Date.now());
  database.close();
  const links = sample.rows.map((r) => ({ id: Number(r.id), code: String(r.code) }));
  const [gracefulLink, killLink, ...hotLinks] = links;
  if (!gracefulLink || !killLink || hotLinks.length === 0) throw new Error("seed produced too few links");
  say(
    `seeded ${seeded.partners} partners, ${seeded.links} links, ${seeded.clicks} clicks, ${seeded.dailyRows} roll-up rows, ` +
      `1 landing (${landing.images} image rows) with landing link ${landing.code} in ${fmt((performance.now() - seedStarted) / 1000, 1)} s`,
  );

  const helloPort = await freePort();
  const hello = startChild("hello", ["--input-type=module", "-e", HELLO_SOURCE], { PORT: String(helloPort), NODE_ENV: "production" });
  const helloUrl = `http://127.0.0.1:${helloPort}/`;
  await waitForHttp(helloUrl, hello);
  const { child: app, origin } = await startApp();
  const probe = await fetch(`${origin}/r/${hotLinks[0]?.code}`, { redirect: "manual", headers: { "user-agent": "bench-probe" } });
  await probe.arrayBuffer();
  say(
    `app ${origin} (pid ${app.proc.pid}), hello ${helloUrl} (pid ${hello.proc.pid}); probe GET /r/<code> → ${probe.status} ${probe.headers.get("location") ?? ""}`,
  );

  const redirectRequests = hotLinks.map((l) => ({ path: `/r/${l.code}` }));
  const load = async (name: string, url: string, expect: number, requests?: { path: string }[]): Promise<Load> => {
    await runLoad({ name, url, connections: CONNECTIONS, duration: WARMUP, expect, requests });
    const r = await runLoad({ name, url, connections: CONNECTIONS, duration: DURATION, expect, requests });
    assertRunning(app, name);
    say(
      `${name}: ${fmt(r.rps)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms; statuses ${statusList(r.statuses)}; connection errors ${r.errors}; load avg ${loadAverage()}`,
    );
    return r;
  };
  const helloLoad = await load("hello-world GET /", helloUrl, 200);
  await stopChild(hello);
  const redirectLoad = await load(`redirect GET /r/:code (${hotLinks.length} codes)`, origin, 302, redirectRequests);
  const landingLoad = await load("landing GET /l/:code", `${origin}/l/${landing.code}`, 200);

  const formOptions = { dbUrl, origin, landing, rate: FORM_RATE, warmup: WARMUP, duration: DURATION, connections: FORM_CONNECTIONS };
  const form = await formBench(formOptions).catch((error: unknown) => {
    assertRunning(app, "the form POST run");
    throw error;
  });
  assertRunning(app, "the form POST run");
  const { ok: formOk, lines: formLines } = describeForm(form, loadAverage());
  for (const line of formLines) say(line);
  const formLoad = form.load;

  const upload = await uploadBench({ origin, pid: app.proc.pid ?? 0, email: SCALE_PARTNER_ONE, password: PARTNER_PASSWORD });
  assertRunning(app, "the upload run");
  for (const line of upload.lines) say(line);

  const dash = await timeDashboard(origin, 60);
  say(
    `dashboard of ${SCALE_PARTNER_ONE}: median ${fmt(dash.median, 1)} ms, p90 ${fmt(dash.p90, 1)} ms, ${dash.bytes} chars; statuses ${dash.status} (${dash.note})`,
  );

  // SECURITY.md F9: a second process holds the write lock for 5 s (bench/db-lock.ts).
  const lock = await dbLockRun(join(tmp, "bench.db"), origin, redirectRequests);
  assertRunning(app, "the DB-lock run");
  const lockReport = describeLock(lock);
  say(lockReport.line);

  const graceful = await lossRun(app, origin, gracefulLink, "SIGTERM");
  say(
    `SIGTERM under load: clicks answered 302: ${graceful.answered}, clicks stored: ${graceful.stored}, lost: ${graceful.lost} ` +
      `(${graceful.afterSignal} answers after the signal; app exit: ${graceful.exit})`,
  );
  const second = await startApp();
  const killed = await lossRun(second.child, second.origin, killLink, "SIGKILL");
  const killBound = Math.ceil((FLUSH_INTERVAL_MS / 1000) * killed.rate);
  say(
    `SIGKILL under load: clicks answered 302: ${killed.answered}, clicks stored: ${killed.stored}, lost: ${killed.lost}; ` +
      `bound ${FLUSH_INTERVAL_MS} ms × ${fmt(killed.rate)} req/s ≈ ${killBound} (lost ≈ ${fmt((killed.lost / Math.max(1, killed.rate)) * 1000)} ms of traffic; ` +
      `${killed.afterSignal} answers arrived after the signal; app exit: ${killed.exit})`,
  );
  if (isRunning(app)) await stopChild(app);

  const chat = await chatBench({ dir: tmp, helloSource: HELLO_SOURCE, connections: CONNECTIONS, duration: DURATION, warmup: WARMUP, timeZone: TIME_ZONE });
  for (const line of chat.lines) say(line);

  const ratio = redirectLoad.rps / helloLoad.rps;
  say();
  say(
    table(
      ["name", "req/s", "p50 ms", "p99 ms", "responses", "unexpected", "conn errors"],
      [helloLoad, redirectLoad, landingLoad, formLoad, lock.load, ...chat.loads].map((r) => [
        r.name,
        fmt(r.rps),
        String(r.p50),
        String(r.p99),
        String(r.total),
        String(r.unexpected),
        String(r.errors),
      ]),
    ),
  );
  say(`ratio redirect/hello: req/s ${fmt(ratio, 2)}×, p99 ${fmt(redirectLoad.p99 / Math.max(helloLoad.p99, 1), 2)}×`);
  const landingRatio = landingLoad.rps / helloLoad.rps;
  say(`ratio landing/hello: req/s ${fmt(landingRatio, 2)}×, p99 ${fmt(landingLoad.p99 / Math.max(helloLoad.p99, 1), 2)}×`);
  say();
  const redirectOk = redirectLoad.expected > 0 && redirectLoad.unexpected === 0;
  const landingOk = landingLoad.expected > 0 && landingLoad.unexpected === 0;
  const targets: [boolean, string][] = [
    [
      redirectOk && ratio >= 0.8,
      `redirect throughput ≥ 0.8 × hello-world: ${fmt(ratio, 2)}×${redirectOk ? "" : ` (non-302 answers: ${statusList(redirectLoad.statuses)})`}`,
    ],
    [redirectOk && redirectLoad.p99 <= 25, `redirect p99 ≤ 25 ms at ${CONNECTIONS} connections: ${redirectLoad.p99} ms`],
    [
      landingOk && landingRatio >= 0.3,
      `landing page throughput ≥ 0.3 × hello-world: ${fmt(landingRatio, 2)}×${landingOk ? "" : ` (non-200 answers: ${statusList(landingLoad.statuses)})`}`,
    ],
    [
      formOk && formLoad.p99 <= 50,
      `form POST p99 ≤ 50 ms at ${FORM_RATE} req/s, every answer 303 (no Bitrix24 wait): p99 ${formLoad.p99} ms, ${statusList(formLoad.statuses)}`,
    ],
    [
      dash.status === `200×60` && dash.median <= 50,
      `dashboard median ≤ 50 ms (client wall time, upper bound of server time): ${fmt(dash.median, 1)} ms, ${dash.status}`,
    ],
    [
      graceful.answered > 0 && graceful.lost <= 0,
      `zero clicks lost on SIGTERM under load: answered ${graceful.answered}, stored ${graceful.stored}, lost ${graceful.lost}`,
    ],
    [killed.answered > 0 && killed.lost <= killBound, `SIGKILL loses at most one flush interval (≤ ${killBound}): lost ${killed.lost}`],
    uploadTarget(upload),
    [lockReport.ok, lockReport.target],
    ...chat.targets,
  ];
  for (const [ok, text] of targets) say(`${ok ? "PASS" : "FAIL"}  ${text}`);
  say(`${targets.filter(([ok]) => ok).length}/${targets.length} targets met`);
}

try {
  await main();
} catch (error) {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
} finally {
  clearTimeout(watchdog);
  await cleanup();
}
