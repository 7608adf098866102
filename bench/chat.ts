/**
 * The chat section of bench/run.ts (issue 12, Performance), on its own database and app so the
 * other sections keep their data: 10 000 partners × 100 messages (scripts/seed-chat.ts) and 3 admins.
 * 1. Badges and lists in-process at that size: partnerUnreadCount, adminUnreadTotal, the poll's
 *    conversationVersion, listConversations (first page, searches) and the newest message page; the
 *    targets take the median (p99 printed too): on a shared 2-core machine p99 is mostly other work.
 * 2. The idle poll: 500 partners with the chat open, each with its own session (rows written here:
 *    500 argon2 logins would take the whole run), GET /chat/updates?after&v&r answering 204 «nothing
 *    new», at full speed against a hello-world measured right before it; then at the real rate
 *    (500 / 3 s ≈ 167 req/s) for CPU_SECONDS, the app's CPU read from /proc/<pid>/stat.
 * 3. Send to display: 10 partner pages poll every 3 s from random phases (a 200 swaps the poller,
 *    which restarts its timer, as htmx does for a replaced element) while the 500 keep polling at
 *    167 req/s; an admin posts one message to each; the delay is POST answered → the poll carrying it.
 * Loopback only; the children are bench/lib.ts children, so run.ts's watchdog and cleanup cover them.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { seedScale } from "../scripts/seed-scale.js";
import { newSession } from "../src/auth/session.js";
import { openDatabase } from "../src/db/client.js";
import { migrateDatabase } from "../src/db/migrate.js";
import { sessions } from "../src/db/schema.js";
import { adminUnreadTotal, listMessages, partnerUnreadCount } from "../src/features/chat/chat.js";
import { listConversations } from "../src/features/chat/conversations.js";
import { conversationVersion } from "../src/features/chat/versions.js";
import { generateCode } from "../src/lib/random.js";
import { POLL_SECONDS } from "../views/chat/conversation.js";
import { BROWSER_UA, type Child, fmt, freePort, type Load, percentile, runLoad, startChild, statusList, stopChild, waitForHttp } from "./lib.js";

const PARTNERS = 10_000;
const MESSAGES = 100;
const POLLERS = 500;
const RECEIVERS = 10;
/** The page's poller (views/chat/conversation.tsx). */
const POLL_INTERVAL_MS = POLL_SECONDS * 1000;
const POLL_RATE = Math.round(POLLERS / (POLL_INTERVAL_MS / 1000));
const CPU_SECONDS = 10;
const IDLE_SECONDS = 3;
const BADGE_TARGET_MS = 5;
const POLL_RATIO_TARGET = 0.5;
const LIST_PAGE = 50;

export type ChatOptions = { dir: string; helloSource: string; connections: number; duration: number; warmup: number; timeZone: string };
export type ChatBench = { loads: Load[]; lines: string[]; targets: [boolean, string][] };
type Timing = { name: string; p50: number; p99: number; max: number; n: number };
type Poller = { partnerId: number; cookie: string; path: string };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function timeCalls(name: string, samples: number, call: (i: number) => Promise<unknown>): Promise<Timing> {
  for (let i = 0; i < 20; i++) await call(i);
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    await call(i);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { name, p50: percentile(times, 50), p99: percentile(times, 99), max: times[times.length - 1] ?? Number.NaN, n: samples };
}

/** Seeds the chat database; returns the pollers, the receivers, an admin cookie and the in-process timings. */
async function seed(dbUrl: string, o: ChatOptions) {
  const started = performance.now();
  const database = await openDatabase(dbUrl);
  const { db, client } = database;
  await migrateDatabase(db);
  const now = Date.now();
  const adminRows = Array.from({ length: 3 }, (_, i) => {
    const email = `chat-admin-${i + 1}@example.ru`;
    return [email, "bench: no password", "admin", `Менеджер ${i + 1}`, generateCode(8), "approved", 1, email, now, now];
  });
  const admins = await client.execute({
    sql: `insert into users (email, password_hash, role, name, partner_code, approval_status, is_active, search_text, created_at, updated_at)
      values ${adminRows.map(() => "(?,?,?,?,?,?,?,?,?,?)").join(",")} returning id`,
    args: adminRows.flat(),
  });
  const adminIds = admins.rows.map((r) => Number(r.id));
  const scale = await seedScale(db, { partners: PARTNERS, links: PARTNERS, clicks: 0, days: 90, timeZone: o.timeZone, now, chatMessages: MESSAGES });
  const seedSeconds = (performance.now() - started) / 1000;

  // Sessions as a sign-in stores them (the token's hash), for the pollers, the receivers and one admin.
  const partners = (await client.execute("select id from users where role = 'partner' order by random() limit ?", [POLLERS + RECEIVERS])).rows.map((r) =>
    Number(r.id),
  );
  const tokens = new Map<number, string>();
  const rows = [...partners.map((id) => ({ id, role: "partner" as const })), { id: adminIds[0] ?? 0, role: "admin" as const }].map((user) => {
    const { token, session } = newSession(user, now);
    tokens.set(user.id, token);
    return session;
  });
  await db.insert(sessions).values(rows);
  const states = await client.execute({
    sql: "select partner_id, last_message_id, version, admin_read_id from chat_conversations where partner_id in (select value from json_each(?))",
    args: [JSON.stringify(partners)],
  });
  const pollers: Poller[] = states.rows.map((r) => ({
    partnerId: Number(r.partner_id),
    cookie: `session=${tokens.get(Number(r.partner_id))}`,
    path: `/chat/updates?after=${Number(r.last_message_id)}&v=${Number(r.version)}&r=${Number(r.admin_read_id)}`,
  }));
  const adminCookie = `session=${tokens.get(adminIds[0] ?? 0)}`;

  const randomPartner = () => 1 + Math.floor(Math.random() * PARTNERS);
  // Many matches fill the page early; one or none walks every conversation (LIKE '%…%' has no index).
  const searches = ["партнёр 77", "тест 12", "scale-partner-93"];
  const rare = ["scale-partner-9999@", "нет такого", "zzz"];
  const timings = [
    await timeCalls("partnerUnreadCount (random partner)", 2000, () => partnerUnreadCount(db, randomPartner())),
    await timeCalls("adminUnreadTotal", 500, () => adminUnreadTotal(db)),
    await timeCalls("conversationVersion (the poll's read)", 2000, () => conversationVersion(db, randomPartner())),
    await timeCalls(`listConversations first page (${LIST_PAGE})`, 300, () => listConversations(db, { search: "", limit: LIST_PAGE, offset: 0 })),
    await timeCalls(`listConversations search, >${LIST_PAGE} matches`, 200, (i) =>
      listConversations(db, { search: searches[i % searches.length] ?? "", limit: LIST_PAGE, offset: 0 }),
    ),
    await timeCalls("listConversations search, ≤ 1 match", 100, (i) =>
      listConversations(db, { search: rare[i % rare.length] ?? "", limit: LIST_PAGE, offset: 0 }),
    ),
    await timeCalls("listMessages newest page (random partner)", 500, () => listMessages(db, randomPartner())),
  ];
  const unread = (await client.execute("select sum(partner_unread > 0) as p, sum(admin_unread > 0) as a, sum(admin_unread) as total from chat_conversations"))
    .rows[0];
  database.close();
  const summary =
    `chat: seeded ${scale.partners} partners × ${MESSAGES} = ${scale.messages} messages, 3 admins, ${rows.length} sessions in ${fmt(seedSeconds, 1)} s ` +
    `(messages alone ${fmt(scale.ms / 1000, 1)} s incl. partners); unread: ${unread?.p} partners with company messages, ${unread?.a} conversations with ${unread?.total} partner messages`;
  return { pollers, receivers: pollers.splice(POLLERS), adminCookie, timings, summary };
}

/** utime + stime of `pid` in seconds (Linux /proc). */
function cpuSeconds(pid: number, ticks: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / ticks;
}

function clockTicks(): number {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
}

const POLLER_TAG = /<[^>]*\bid="chat-poller"[^>]*>/;
const HX_GET = /\bhx-get="([^"]+)"/;
const decodeAttribute = (s: string) =>
  s
    .replace(/&amp;/g, "&")
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"');

type Delay = { delays: number[]; posts: Record<string, number>; polls: Record<string, number>; missing: number };

/** Section 3: see the file comment. */
async function sendToDisplay(origin: string, adminCookie: string, receivers: Poller[]): Promise<Delay> {
  const posts: Record<string, number> = {};
  const polls: Record<string, number> = {};
  const count = (into: Record<string, number>, status: number) => {
    into[String(status)] = (into[String(status)] ?? 0) + 1;
  };
  const marks = receivers.map(() => ({ marker: `bench-${randomBytes(6).toString("hex")}`, answeredAt: 0, displayedAt: 0 }));
  let stopped = false;
  const poll = async (r: Poller, k: number) => {
    let path = r.path;
    let due = performance.now() + Math.random() * POLL_INTERVAL_MS;
    while (!stopped) {
      await sleep(Math.max(0, due - performance.now()));
      if (stopped) return;
      due += POLL_INTERVAL_MS;
      const res = await fetch(`${origin}${path}`, { headers: { cookie: r.cookie, "hx-request": "true", accept: "text/html", "user-agent": BROWSER_UA } });
      const text = await res.text();
      const at = performance.now();
      count(polls, res.status);
      if (res.status !== 200) continue;
      const next = HX_GET.exec(POLLER_TAG.exec(text)?.[0] ?? "")?.[1];
      if (next) {
        path = decodeAttribute(next);
        due = at + POLL_INTERVAL_MS; // the swapped-in poller starts its own timer
      }
      const mark = marks[k];
      if (mark && mark.answeredAt > 0 && mark.displayedAt === 0 && text.includes(mark.marker)) mark.displayedAt = at;
    }
  };
  const running = receivers.map((r, k) => poll(r, k));
  await sleep(POLL_INTERVAL_MS + 500);
  for (const [k, r] of receivers.entries()) {
    const mark = marks[k];
    if (!mark) continue;
    const form = new FormData();
    form.set("body", `${mark.marker} Добрый день! Ответ на ваш вопрос.`);
    form.set("key", randomBytes(18).toString("base64url"));
    const res = await fetch(`${origin}/admin/chat/${r.partnerId}/messages`, {
      method: "POST",
      redirect: "manual",
      body: form,
      headers: { cookie: adminCookie, origin, "user-agent": BROWSER_UA },
    });
    await res.arrayBuffer();
    mark.answeredAt = performance.now();
    count(posts, res.status);
    await sleep(150 + Math.random() * 300);
  }
  const deadline = performance.now() + 2 * POLL_INTERVAL_MS;
  while (performance.now() < deadline && marks.some((m) => m.displayedAt === 0)) await sleep(50);
  stopped = true;
  await Promise.all(running);
  const shown = marks.filter((m) => m.displayedAt > 0);
  return { delays: shown.map((m) => m.displayedAt - m.answeredAt).sort((a, b) => a - b), posts, polls, missing: marks.length - shown.length };
}

async function startChatApp(dbUrl: string, dir: string, timeZone: string): Promise<{ child: Child; origin: string }> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const child = startChild("chat-app", ["dist/src/server.js"], {
    PORT: String(port),
    HOST: "127.0.0.1",
    DATABASE_URL: dbUrl,
    LOG_LEVEL: "warn",
    PUBLIC_ORIGIN: origin,
    NODE_ENV: "production",
    APP_TIMEZONE: timeZone,
    UPLOAD_DIR: join(dir, "chat-uploads"),
    MALLOC_ARENA_MAX: "2",
  });
  await waitForHttp(`${origin}/healthz`, child);
  return { child, origin };
}

const loadLine = (r: Load) =>
  `${r.name}: ${fmt(r.rps)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms; statuses ${statusList(r.statuses)}; connection errors ${r.errors}`;

export async function chatBench(o: ChatOptions): Promise<ChatBench> {
  const dbUrl = `file:${join(o.dir, "chat.db")}`;
  const lines: string[] = [];
  const targets: [boolean, string][] = [];
  const loads: Load[] = [];
  const { pollers, receivers, adminCookie, timings, summary } = await seed(dbUrl, o);
  lines.push(summary);
  for (const t of timings) lines.push(`  ${t.name}: p50 ${fmt(t.p50, 3)} ms, p99 ${fmt(t.p99, 3)} ms, max ${fmt(t.max, 2)} ms (${t.n} calls, in-process)`);
  for (const t of timings.filter((x) => !x.name.startsWith("listMessages")))
    targets.push([
      t.p50 <= BADGE_TARGET_MS,
      `chat at ${PARTNERS / 1000}k partners × ${MESSAGES} messages: ${t.name} ≤ ${BADGE_TARGET_MS} ms: median ${fmt(t.p50, 2)} ms (p99 ${fmt(t.p99, 2)} ms)`,
    ]);

  const { child: app, origin } = await startChatApp(dbUrl, o.dir, o.timeZone);
  const pid = app.proc.pid ?? 0;
  try {
    const first = pollers[0];
    const probe = first ? await fetch(`${origin}${first.path}`, { redirect: "manual", headers: { cookie: first.cookie, "hx-request": "true" } }) : null;
    await probe?.arrayBuffer();
    lines.push(`chat app ${origin} (pid ${pid}); probe GET ${first?.path} → ${probe?.status ?? "no poller"}`);
    if (probe?.status !== 204) {
      const why = `not measured: the probe poll answered ${probe?.status ?? "nothing"}, not 204`;
      targets.push([false, `chat «nothing new» poll ≥ ${POLL_RATIO_TARGET} × hello-world: ${why}`]);
      targets.push([false, `chat send-to-display ≤ ${POLL_INTERVAL_MS + 100} ms: ${why}`]);
      return { loads, lines, targets };
    }
    const requests = pollers.map((p) => ({ path: p.path, headers: { cookie: p.cookie, "hx-request": "true" } }));

    // Hello-world again, right before the poll: the machine's load drifts over the run.
    const helloPort = await freePort();
    const hello = startChild("chat-hello", ["--input-type=module", "-e", o.helloSource], { PORT: String(helloPort), NODE_ENV: "production" });
    const helloUrl = `http://127.0.0.1:${helloPort}/`;
    await waitForHttp(helloUrl, hello);
    const full = async (name: string, url: string, expect: number, reqs?: typeof requests) => {
      await runLoad({ name, url, connections: o.connections, duration: o.warmup, expect, requests: reqs });
      const r = await runLoad({ name, url, connections: o.connections, duration: o.duration, expect, requests: reqs });
      lines.push(loadLine(r));
      loads.push(r);
      return r;
    };
    const helloLoad = await full("hello-world GET / (chat section)", helloUrl, 200);
    await stopChild(hello);
    const pollLoad = await full(`chat poll GET /chat/updates, nothing new (${pollers.length} sessions)`, origin, 204, requests);
    const ratio = pollLoad.rps / helloLoad.rps;
    const pollOk = pollLoad.expected > 0 && pollLoad.unexpected === 0;
    lines.push(`ratio chat poll/hello: req/s ${fmt(ratio, 2)}×, p99 ${fmt(pollLoad.p99 / Math.max(helloLoad.p99, 1), 2)}×`);
    targets.push([
      pollOk && ratio >= POLL_RATIO_TARGET,
      `chat «nothing new» poll ≥ ${POLL_RATIO_TARGET} × hello-world: ${fmt(ratio, 2)}×${pollOk ? "" : ` (statuses ${statusList(pollLoad.statuses)})`}`,
    ]);

    const ticks = clockTicks();
    // The app's own timers (click flusher, delivery and CRM workers) cost something with no request at all.
    const idleBefore = cpuSeconds(pid, ticks);
    await sleep(IDLE_SECONDS * 1000);
    const idle = (cpuSeconds(pid, ticks) - idleBefore) / IDLE_SECONDS;
    const cpuBefore = cpuSeconds(pid, ticks);
    const wallStarted = performance.now();
    const rated = await runLoad({
      name: `chat poll at ${POLL_RATE}/s (${pollers.length} pollers every 3 s)`,
      url: origin,
      connections: 25,
      duration: CPU_SECONDS,
      rate: POLL_RATE,
      expect: 204,
      requests,
    });
    const cpu = cpuSeconds(pid, ticks) - cpuBefore;
    const wall = (performance.now() - wallStarted) / 1000;
    loads.push(rated);
    lines.push(loadLine(rated));
    lines.push(
      `  app CPU while ${pollers.length} partners poll every 3 s: ${fmt((cpu / wall) * 100, 1)} % of one core ` +
        `(${fmt(cpu, 2)} s CPU in ${fmt(wall, 1)} s; with no requests ${fmt(idle * 100, 1)} %; ` +
        `${fmt(((cpu - idle * wall) / Math.max(1, rated.total)) * 1e6)} µs a poll above that)`,
    );

    const background = runLoad({
      name: "background pollers",
      url: origin,
      connections: 25,
      duration: (2 * POLL_INTERVAL_MS) / 1000 + 6,
      rate: POLL_RATE,
      expect: 204,
      requests,
    });
    const delay = await sendToDisplay(origin, adminCookie, receivers);
    const bg = await background;
    const max = delay.delays[delay.delays.length - 1] ?? Number.NaN;
    const p50 = percentile(delay.delays, 50);
    lines.push(
      `chat send → display (${receivers.length} partner pages polling every ${POLL_INTERVAL_MS / 1000} s from random phases, ${pollers.length} more at ${POLL_RATE}/s): ` +
        `p50 ${fmt(p50)} ms, max ${fmt(max)} ms; admin POSTs ${statusList(delay.posts)}; their polls ${statusList(delay.polls)}; ` +
        `not shown ${delay.missing}; background polls ${statusList(bg.statuses)}, p99 ${bg.p99} ms`,
    );
    const delayOk = delay.missing === 0 && delay.delays.length > 0;
    targets.push([
      delayOk && max <= POLL_INTERVAL_MS + 100,
      `chat send-to-display ≤ poll interval + 100 ms (${POLL_INTERVAL_MS + 100} ms): max ${fmt(max)} ms, p50 ${fmt(p50)} ms${delayOk ? "" : `, ${delay.missing} of ${receivers.length} never shown`}`,
    ]);
    return { loads, lines, targets };
  } finally {
    await stopChild(app);
  }
}
