/**
 * Scale data for `npm run db:seed -- --scale` and `npm run bench`: many partners, links and clicks,
 * with the daily roll-up the click flusher would have produced. Writes through the raw libsql client
 * in multi-row INSERTs grouped by `client.batch(..., "write")` (never `transaction()`: STACK.md pitfall 6).
 *
 * Distribution (e.g. 100 partners, 1 000 links, 1 000 000 clicks):
 * - partner #1 (scale-partner-1@example.ru) owns 10 % of the links (100) and receives 95 % of the clicks
 *   (~950 000), skewed so its first link gets ~10 % of them: the "partner with 1 000 000 clicks";
 * - the other links are dealt round-robin to partners #2…#N and share the remaining 5 % evenly;
 * - clicks are spread over the last `days` days with a weekly wave and growth towards today;
 *   5 % are bots (bot user agent), 30 % of human clicks repeat a visitor of the same link and day.
 * The roll-up counts non-bot clicks, bots, and distinct non-bot visitor hashes per link and day.
 */
import { createHash, randomBytes } from "node:crypto";
import type { Client, InStatement } from "@libsql/client";
import { hashPassword } from "../src/auth/password.js";
import type { Db } from "../src/db/client.js";
import { dayOf } from "../src/lib/day.js";
import { generateCode } from "../src/lib/random.js";
import { seedChat } from "./seed-chat.js";

export const SCALE_PARTNER_ONE = "scale-partner-1@example.ru";
/** `chatMessages`: messages per partner's conversation with the company (scripts/seed-chat.ts; default 20, 0 = none). */
export type ScaleOptions = { partners: number; links: number; clicks: number; days: number; timeZone: string; now: number; chatMessages?: number };
export type ScaleSummary = { partners: number; links: number; clicks: number; dailyRows: number; messages: number; ms: number };

const DAY_MS = 86_400_000;
const ROWS_PER_INSERT = 500;
const INSERTS_PER_BATCH = 20;
const PARTNER_ONE_LINK_SHARE = 0.1;
const PARTNER_ONE_CLICK_SHARE = 0.95;
const BOT_SHARE = 0.05;
const REPEAT_VISITOR_SHARE = 0.3;
const CODE_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

const HUMAN_AGENTS = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (Linux; Android 14; SM-A546B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0",
];
const BOT_AGENTS = [
  "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
  "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)",
  "TelegramBot (like TwitterBot)",
];
const REFERERS = [null, null, null, "https://vk.com/", "https://t.me/", "https://yandex.ru/", "https://www.google.com/", "https://dzen.ru/"];
const FIRST_OCTETS = [5, 31, 46, 95, 178, 185, 192, 198, 203, 217];

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;
const placeholders = (rows: number, columns: number) => Array.from({ length: rows }, () => `(${Array(columns).fill("?").join(",")})`).join(",");

function uniqueCode(taken: Set<string>, make: () => string): string {
  for (;;) {
    const code = make();
    if (!taken.has(code)) {
      taken.add(code);
      return code;
    }
  }
}

function linkCode(): string {
  return Array.from(randomBytes(10), (b) => CODE_ALPHABET[b & 63]).join("");
}

/** Runs multi-row inserts of ≤ 500 rows, INSERTS_PER_BATCH statements per write batch. */
async function insertRows(client: Client, head: string, columns: number, rows: unknown[][], tail = ""): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT * INSERTS_PER_BATCH) {
    const statements: InStatement[] = [];
    for (let j = i; j < Math.min(rows.length, i + ROWS_PER_INSERT * INSERTS_PER_BATCH); j += ROWS_PER_INSERT) {
      const chunk = rows.slice(j, j + ROWS_PER_INSERT);
      statements.push({ sql: `${head} values ${placeholders(chunk.length, columns)} ${tail}`, args: chunk.flat() as never });
    }
    for (const result of await client.batch(statements, "write")) out.push(...(result.rows as unknown as Record<string, unknown>[]));
  }
  return out;
}

export async function seedScale(db: Db, opts: ScaleOptions): Promise<ScaleSummary> {
  const started = performance.now();
  const client = (db as Db & { $client?: Client }).$client;
  if (!client) throw new Error("seedScale needs a drizzle database opened over @libsql/client");
  const log = (msg: string) => process.stderr.write(`seed-scale: ${msg} (${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
  const existing = await client.execute({ sql: "select 1 from users where email = ?", args: [SCALE_PARTNER_ONE] });
  if (existing.rows.length > 0) throw new Error(`seedScale: ${SCALE_PARTNER_ONE} already exists; scale data is already seeded (use a fresh database)`);
  if (opts.partners < 1 || opts.links < opts.partners || opts.days < 1 || opts.clicks < 0)
    throw new Error("seedScale: need partners ≥ 1, links ≥ partners, days ≥ 1");

  // Partners: approved and active, created before the click window.
  const passwordHash = await hashPassword("demo-partner-pass");
  const windowStart = opts.now - opts.days * DAY_MS;
  const partnerCodes = new Set((await client.execute("select partner_code from users")).rows.map((r) => String(r.partner_code)));
  const partnerRows = Array.from({ length: opts.partners }, (_, i) => {
    const n = i + 1;
    const email = `scale-partner-${n}@example.ru`;
    const name = `Нагрузочный партнёр ${n}`;
    const company = n % 2 === 0 ? `ООО «Тест ${n}»` : null;
    const code = uniqueCode(partnerCodes, () => generateCode(8));
    const createdAt = windowStart - 30 * DAY_MS + n * 60_000;
    const searchText = [name, email, company ?? "", code].join(" ").toLowerCase();
    const phone = n % 3 === 0 ? `+7900${String(n).padStart(7, "0")}` : null;
    return [email, passwordHash, "partner", name, company, phone, code, "approved", 1, searchText, createdAt, createdAt, createdAt + 3_600_000];
  });
  const insertedUsers = await insertRows(
    client,
    "insert into users (email, password_hash, role, name, company, phone, partner_code, approval_status, is_active, search_text, created_at, updated_at, decided_at)",
    13,
    partnerRows,
    "returning id, email",
  );
  const userIdByEmail = new Map(insertedUsers.map((r) => [String(r.email), Number(r.id)]));
  const partnerIds = partnerRows.map((r) => userIdByEmail.get(String(r[0])) ?? 0);
  log(`${partnerIds.length} partners`);

  // Links: the first PARTNER_ONE_LINK_SHARE to partner #1, the rest round-robin over partners #2…#N.
  const partnerOneLinks =
    opts.partners === 1 ? opts.links : Math.max(1, Math.min(opts.links - (opts.partners - 1), Math.round(opts.links * PARTNER_ONE_LINK_SHARE)));
  const linkCodes = new Set((await client.execute("select code from links")).rows.map((r) => String(r.code)));
  const linkRows = Array.from({ length: opts.links }, (_, i) => {
    const n = i + 1;
    const owner = i < partnerOneLinks ? partnerIds[0] : partnerIds[1 + ((i - partnerOneLinks) % (opts.partners - 1))];
    const utm = n % 3 === 0 ? ["vk", "cpc", `spring-${n % 5}`] : n % 3 === 1 ? ["telegram", "social", null] : [null, null, null];
    const createdAt = windowStart - DAY_MS + n * 1000;
    return [owner, uniqueCode(linkCodes, linkCode), `Товар ${n}`, "direct", `https://example.ru/product/${n}`, ...utm, 1, createdAt, createdAt];
  });
  const insertedLinks = await insertRows(
    client,
    "insert into links (partner_id, code, title, link_type, target_url, utm_source, utm_medium, utm_campaign, is_active, created_at, updated_at)",
    11,
    linkRows,
    "returning id, code",
  );
  const linkIdByCode = new Map(insertedLinks.map((r) => [String(r.code), Number(r.id)]));
  const linkIds = Int32Array.from(linkRows, (r) => linkIdByCode.get(String(r[1])) ?? 0);
  log(`${linkIds.length} links (${partnerOneLinks} of partner #1)`);

  // Clicks per 24 h slice ending at `now`: a weekly wave plus growth towards today.
  const weights = Array.from({ length: opts.days }, (_, d) => 1 + 0.25 * Math.sin((2 * Math.PI * d) / 7) + (0.5 * d) / opts.days);
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const perSlice = weights.map((w) => Math.floor((opts.clicks * w) / weightSum));
  perSlice[opts.days - 1] = (perSlice[opts.days - 1] ?? 0) + opts.clicks - perSlice.reduce((a, b) => a + b, 0);

  // Every IANA offset is a multiple of 15 minutes, so the day of a 15-minute bucket is the day of each instant in it.
  const dayCache = new Map<number, string>();
  const dayOfBucket = (at: number) => {
    const bucket = Math.floor(at / 900_000);
    let day = dayCache.get(bucket);
    if (day === undefined) {
      day = dayOf(bucket * 900_000, opts.timeZone);
      dayCache.set(bucket, day);
    }
    return day;
  };
  const visitorSeed = randomBytes(8).toString("hex");
  let visitorCount = 0;
  type Visitor = { id: number; hash: string; ip: string; agent: string; day: string };
  const lastVisitor: (Visitor | undefined)[] = new Array(opts.links);
  const newVisitor = (day: string, agent: string, ip: string): Visitor => {
    const id = ++visitorCount;
    return { id, hash: createHash("md5").update(`${visitorSeed}:${id}`).digest("hex"), ip, agent, day };
  };
  const randomIp = () => `${pick(FIRST_OCTETS)}.${Math.floor(Math.random() * 256)}.${Math.floor(Math.random() * 256)}.0`;
  const stats = new Map<string, { linkId: number; day: string; clicks: number; bots: number; visitors: Set<number> }>();
  const otherLinks = opts.links - partnerOneLinks;
  const clickShare = otherLinks > 0 ? PARTNER_ONE_CLICK_SHARE : 1;

  const insertHead = "insert into clicks (link_id, at, ip, user_agent, referer, visitor_hash, is_bot) values ";
  const fullValues = placeholders(ROWS_PER_INSERT, 7);
  let args: (string | number | null)[] = [];
  let statements: InStatement[] = [];
  let written = 0;
  let nextReport = 100_000;
  const flushStatement = () => {
    const rows = args.length / 7;
    if (rows === 0) return;
    statements.push({ sql: insertHead + (rows === ROWS_PER_INSERT ? fullValues : placeholders(rows, 7)), args });
    args = [];
  };
  const flushBatch = async () => {
    flushStatement();
    if (statements.length === 0) return;
    await client.batch(statements, "write");
    written += statements.reduce((n, s) => n + (typeof s === "string" ? 0 : (s.args as unknown[]).length / 7), 0);
    statements = [];
    if (written >= nextReport) {
      log(`${written}/${opts.clicks} clicks`);
      nextReport += 100_000;
    }
  };

  for (let d = 0; d < opts.days; d++) {
    const count = perSlice[d] ?? 0;
    const sliceStart = windowStart + d * DAY_MS;
    const times = new Float64Array(count);
    for (let i = 0; i < count; i++) times[i] = sliceStart + Math.floor(Math.random() * DAY_MS);
    times.sort();
    for (let i = 0; i < count; i++) {
      const at = times[i] ?? sliceStart;
      const r = Math.random();
      // Partner #1's links are skewed (index ∝ r²: link 0 gets ~1/√n of them); the others are uniform.
      const linkIndex = r < clickShare ? Math.floor(partnerOneLinks * (r / clickShare) ** 2) : partnerOneLinks + Math.floor(Math.random() * otherLinks);
      const linkId = linkIds[linkIndex] ?? 0;
      const day = dayOfBucket(at);
      const isBot = Math.random() < BOT_SHARE;
      let visitor: Visitor;
      if (isBot) visitor = newVisitor(day, pick(BOT_AGENTS), `66.249.${Math.floor(Math.random() * 256)}.0`);
      else {
        const last = lastVisitor[linkIndex];
        visitor = last && last.day === day && Math.random() < REPEAT_VISITOR_SHARE ? last : newVisitor(day, pick(HUMAN_AGENTS), randomIp());
        lastVisitor[linkIndex] = visitor;
      }
      args.push(linkId, at, visitor.ip, visitor.agent, pick(REFERERS), visitor.hash, isBot ? 1 : 0);
      const key = `${linkId}|${day}`;
      let g = stats.get(key);
      if (!g) {
        g = { linkId, day, clicks: 0, bots: 0, visitors: new Set() };
        stats.set(key, g);
      }
      if (isBot) g.bots++;
      else {
        g.clicks++;
        g.visitors.add(visitor.id);
      }
      if (args.length === ROWS_PER_INSERT * 7) {
        flushStatement();
        if (statements.length === INSERTS_PER_BATCH) await flushBatch();
      }
    }
  }
  await flushBatch();
  log(`${written} clicks`);

  const statRows = [...stats.values()].map((g) => [g.linkId, g.day, g.clicks, g.visitors.size, g.bots]);
  await insertRows(client, "insert into link_daily_stats (link_id, day, clicks, unique_visitors, bots)", 5, statRows);
  log(`${statRows.length} daily roll-up rows`);
  const admins = (await client.execute("select id from users where role = 'admin' and is_active = 1 order by id limit 3")).rows.map((r) => Number(r.id));
  const chat = await seedChat(client, { partnerIds, messagesPerPartner: opts.chatMessages ?? 20, adminIds: admins, now: opts.now, days: opts.days });
  log(`${chat.messages} chat messages in ${chat.conversations} conversations`);
  await client.execute("ANALYZE");
  const ms = Math.round(performance.now() - started);
  log("ANALYZE done");
  return { partners: partnerIds.length, links: linkIds.length, clicks: written, dailyRows: statRows.length, messages: chat.messages, ms };
}
