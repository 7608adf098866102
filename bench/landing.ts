/**
 * The landing hot paths of bench/run.ts: a landing with a landing-type link for scale partner #1,
 * fresh one-time form tokens scraped from the rendered page, and the lead form POST at a fixed
 * rate, every POST with its own token, phone and X-Forwarded-For address (the app under test
 * trusts 127.0.0.1 as a proxy, so the per-IP limit of 5 leads / 10 min applies to those addresses).
 */
import { randomBytes } from "node:crypto";
import { createClient } from "@libsql/client";
import { eq } from "drizzle-orm";
import type { Db } from "../src/db/client.js";
import { users } from "../src/db/schema.js";
import { addImages, createLanding } from "../src/features/landings/landings.js";
import { createLink } from "../src/features/links/links.js";
import { BROWSER_UA, fmt, type Load, percentile, statusList } from "./lib.js";

export type BenchLanding = { code: string; linkId: number; landingId: number; images: number };

const DESCRIPTION =
  "Подберём оборудование под вашу задачу, привезём и настроим за один день. " +
  "Оставьте телефон или почту: менеджер перезвонит в течение часа и ответит на вопросы. ".repeat(4);

/** One landing (with `images` image rows; their files do not exist, only the HTML is measured) and one link to it. */
export async function seedLanding(db: Db, partnerEmail: string, now: number, images = 2): Promise<BenchLanding> {
  const partner = await db.select({ id: users.id }).from(users).where(eq(users.email, partnerEmail)).get();
  if (!partner) throw new Error(`${partnerEmail} is not seeded`);
  const landing = await createLanding(
    db,
    partner.id,
    { title: "Нагрузочный лендинг", headerText: "Оборудование для кофеен", description: DESCRIPTION, buttonText: "Оставить заявку", themeColor: "#1f6feb" },
    now,
  );
  const rows = Array.from({ length: images }, () => ({
    fileName: `${randomBytes(16).toString("hex")}.webp`,
    mime: "image/webp",
    width: 1200,
    height: 800,
    bytes: 120_000,
  }));
  await addImages(db, landing.id, rows, now);
  const link = await createLink(
    db,
    partner.id,
    {
      title: "Лендинг (нагрузка)",
      linkType: "landing",
      landingId: landing.id,
      targetUrl: null,
      utmSource: "bench",
      utmMedium: "landing",
      utmCampaign: null,
      utmContent: null,
      utmTerm: null,
    },
    now,
  );
  return { code: link.code, linkId: link.id, landingId: landing.id, images };
}

const TOKEN = /name="form_token" value="([^"]+)"/;

/** GETs the landing `count` times over `concurrency` parallel requests and keeps every form token. */
async function collectTokens(url: string, count: number, concurrency = 8) {
  const tokens: string[] = [];
  const failures: Record<string, number> = {};
  let started = 0;
  const worker = async () => {
    while (started < count) {
      started++;
      const res = await fetch(url, { headers: { "user-agent": BROWSER_UA, accept: "text/html" } });
      const html = await res.text();
      const token = res.status === 200 ? TOKEN.exec(html)?.[1] : undefined;
      if (token) tokens.push(token);
      else {
        const key = res.status === 200 ? "200 without a token" : String(res.status);
        failures[key] = (failures[key] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { tokens, failures };
}

export type FormBench = {
  connections: number;
  warmup: Load;
  load: Load;
  /** Tokens scraped, and GETs that gave none. */
  tokens: number;
  tokenFailures: Record<string, number>;
  collectSeconds: number;
  /** POSTs built after the tokens ran out (sent with an invalid token). */
  missing: number;
  /** The first few distinct non-303 answers: status and the form's error text. */
  samples: string[];
  /** Clients stored for the link, and delivery jobs queued for them. */
  clients: number;
  jobs: number;
};

export type FormOptions = { dbUrl: string; origin: string; landing: BenchLanding; rate: number; warmup: number; duration: number; connections: number };

/**
 * Scrapes rate × (warm-up + duration) + 10 % tokens, waits until the newest is 2.5 s old (the form
 * refuses answers under 2 s), then POSTs each token once: a warm-up, then the measured run.
 */
export async function formBench(o: FormOptions): Promise<FormBench> {
  const path = `/l/${o.landing.code}`;
  const warmAmount = o.rate * o.warmup;
  const amount = o.rate * o.duration;
  const started = performance.now();
  const { tokens, failures } = await collectTokens(`${o.origin}${path}`, Math.ceil((warmAmount + amount) * 1.1));
  const collectSeconds = (performance.now() - started) / 1000;
  await new Promise((resolve) => setTimeout(resolve, 2500));

  let next = 0;
  let missing = 0;
  const samples = new Map<string, string>();
  // An open-loop pacer: one POST every 1000/rate ms, whatever the previous ones are doing, as
  // visitors arrive. (autocannon's overallRate sends each connection's share back to back.)
  const post = async (): Promise<{ status: number; ms: number }> => {
    const n = next++;
    const token = tokens[n];
    if (token === undefined) missing++;
    const body = new URLSearchParams({
      name: "Bench",
      phone: `+7912${String(n + 1).padStart(7, "0")}`,
      email: "",
      company: "",
      comment: "",
      website: "",
      form_token: token ?? "exhausted",
    });
    const ip = `10.${((n + 1) >> 16) & 255}.${((n + 1) >> 8) & 255}.${(n + 1) & 255}`;
    const t0 = performance.now();
    try {
      const res = await fetch(`${o.origin}${path}`, { method: "POST", redirect: "manual", body, headers: { "x-forwarded-for": ip, "user-agent": BROWSER_UA } });
      const text = await res.text();
      if (res.status !== 303 && samples.size < 3) {
        const message = /role="alert">\s*([^<]*)/.exec(text)?.[1]?.trim() ?? text.slice(0, 80).replace(/\s+/g, " ");
        samples.set(`${res.status} ${message}`, "");
      }
      return { status: res.status, ms: performance.now() - t0 };
    } catch {
      return { status: 0, ms: performance.now() - t0 };
    }
  };
  const run = async (name: string, total: number): Promise<Load> => {
    const started = performance.now();
    const pending: Promise<{ status: number; ms: number }>[] = [];
    for (let i = 0; i < total; i++) {
      const due = started + (i * 1000) / o.rate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      pending.push(post());
    }
    const results = await Promise.all(pending);
    const seconds = (performance.now() - started) / 1000;
    const latencies = results.map((r) => r.ms).sort((x, y) => x - y);
    const statuses: Record<string, number> = {};
    for (const r of results) statuses[String(r.status)] = (statuses[String(r.status)] ?? 0) + 1;
    const expected = statuses["303"] ?? 0;
    const errors = statuses["0"] ?? 0;
    return {
      name,
      rps: total / seconds,
      p50: Math.round(percentile(latencies, 50) * 10) / 10,
      p99: Math.round(percentile(latencies, 99) * 10) / 10,
      total,
      expected,
      unexpected: total - expected - errors,
      errors,
      statuses,
    };
  };
  const warmup = await run("form POST warm-up", warmAmount);
  const load = await run(`form POST /l/:code at ${o.rate}/s`, amount);
  const counts = await countLeads(o.dbUrl, o.landing.linkId);
  return {
    connections: o.connections,
    warmup,
    load,
    tokens: tokens.length,
    tokenFailures: failures,
    collectSeconds,
    missing,
    samples: [...samples.keys()],
    ...counts,
  };
}

/** Whether every measured POST got its 303, and the lines to print. */
export function describeForm(form: FormBench, loadAverage: string): { ok: boolean; lines: string[] } {
  const { load } = form;
  const ok = load.total > 0 && load.expected === load.total && load.errors === 0 && form.missing === 0;
  const gets = form.tokens + Object.values(form.tokenFailures).reduce((a, b) => a + b, 0);
  const noToken = Object.keys(form.tokenFailures).length ? ` (no token: ${statusList(form.tokenFailures)})` : "";
  const lines = [
    `form POST /l/:code: ${form.tokens} tokens from ${gets} landing GETs in ${fmt(form.collectSeconds, 1)} s${noToken}, posted after 2.5 s; ` +
      `warm-up ${form.warmup.total} POSTs (${statusList(form.warmup.statuses)}); open loop, a POST every ${fmt(1000 / Math.max(1, form.load.rps))} ms`,
    `${load.name}: ${fmt(load.rps)} req/s, p50 ${fmt(load.p50, 1)} ms, p99 ${fmt(load.p99, 1)} ms; statuses ${statusList(load.statuses)}; ` +
      `connection errors ${load.errors}; load avg ${loadAverage}`,
  ];
  if (!ok) lines.push(`  unexpected answers: ${form.samples.join(" | ") || "none sampled"}${form.missing ? `; ${form.missing} POSTs had no token left` : ""}`);
  lines.push(
    "  no Bitrix24 is configured (B24_WEBHOOK_URL unset), so the POST cannot wait for it: delivery is an outbox row (delivery_jobs) " +
      `written in the same batch as the client; stored for the landing link: ${form.clients} clients, ${form.jobs} delivery jobs ` +
      `(${form.warmup.expected + load.expected} answers 303)`,
  );
  return { ok, lines };
}

async function countLeads(dbUrl: string, linkId: number): Promise<{ clients: number; jobs: number }> {
  const client = createClient({ url: dbUrl });
  try {
    const rs = await client.execute({
      sql: `select (select count(*) from clients where link_id = ?) as clients,
        (select count(*) from delivery_jobs j join clients c on c.id = j.client_id where c.link_id = ?) as jobs`,
      args: [linkId, linkId],
    });
    return { clients: Number(rs.rows[0]?.clients ?? 0), jobs: Number(rs.rows[0]?.jobs ?? 0) };
  } finally {
    client.close();
  }
}
