/**
 * Bad input never 500s (SECURITY.md §2 B2, B7, B11, B13): every registered route gets every malformed
 * body, path, query, cookie and header case, as an anonymous visitor and with the session the route
 * wants (so guarded handlers really run and parse the body). No 5xx, no stack trace, no error-level log.
 */
import { once } from "node:events";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import type { Server } from "node:http";
import { type AddressInfo, connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { serve } from "@hono/node-server";
import { beforeAll, describe, expect, it } from "vitest";
import { sendMessage } from "./features/chat/chat.js";
import { createLanding } from "./features/landings/landings.js";
import { createLink } from "./features/links/links.js";
import { givenAdmin, givenPartner, snapshot } from "./testing/fixtures.js";
import { givenCardMethod, givenWonClient } from "./testing/payout-fixtures.js";
import { createTestApp, TEST_ORIGIN, type TestApp } from "./testing/test-app.js";
import { answerClientErrors } from "./web/client-error.js";

type Role = "anonymous" | "partner" | "admin";
type Bytes = Uint8Array<ArrayBuffer>;
type Case = { name: string; body?: Bytes | string; headers?: Record<string, string>; path?: string; query?: string; cookie?: string };

const enc = (s: string): Bytes => new TextEncoder().encode(s);
const bytes = (...parts: (string | number[])[]) => {
  const chunks = parts.map((p) => (typeof p === "string" ? enc(p) : Uint8Array.from(p)));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
};
const FORM = "application/x-www-form-urlencoded";
const form = (body: Bytes | string, extra: Record<string, string> = {}): Pick<Case, "body" | "headers"> => ({
  body,
  headers: { "content-type": FORM, ...extra },
});

/** Cases with a body: sent to every POST route. */
const bodyCases: Case[] = [
  {
    name: "multipart without closing boundary",
    body: '--XYZ\r\nContent-Disposition: form-data; name="name"\r\n\r\nx',
    headers: { "content-type": "multipart/form-data; boundary=XYZ" },
  },
  { name: "multipart garbage", body: "this is not multipart at all", headers: { "content-type": "multipart/form-data; boundary=XYZ" } },
  { name: "multipart without a boundary", body: "--XYZ\r\n\r\nx\r\n--XYZ--\r\n", headers: { "content-type": "multipart/form-data" } },
  { name: "multipart with an empty boundary", body: "--\r\n\r\n", headers: { "content-type": 'multipart/form-data; boundary=""' } },
  {
    name: "multipart with invalid UTF-8 in a field",
    body: bytes('--XYZ\r\nContent-Disposition: form-data; name="name"\r\n\r\n', [0xff, 0xfe, 0xc3], "\r\n--XYZ--\r\n"),
    headers: { "content-type": "multipart/form-data; boundary=XYZ" },
  },
  { name: "urlencoded with broken percent escapes", ...form("name=%E0%A4%A&email=%%%&=&&%zz=1") },
  { name: "urlencoded with raw invalid UTF-8", ...form(bytes("name=", [0xff, 0xfe, 0xc3, 0x28], "&email=a@b.ru")) },
  { name: "urlencoded with percent-encoded invalid UTF-8", ...form("name=%FF%FE&email=%C3&comment=%C0%AF") },
  { name: "urlencoded with NUL bytes", ...form(bytes("name=a", [0], "b&email=%00&%00=1")) },
  { name: "urlencoded with a lone surrogate", ...form("name=%ED%A0%80&comment=%ED%BF%BF") },
  { name: "urlencoded with an odd charset", ...form(bytes([0xff, 0xfe, 0x6e, 0x00]), { "content-type": `${FORM}; charset=utf-16` }) },
  { name: "JSON body on a form route", body: '{"name":"x","email":"a@b.ru"}', headers: { "content-type": "application/json" } },
  { name: "JSON with a lone surrogate", body: '{"name":"\\ud800"}', headers: { "content-type": "application/json" } },
  { name: "broken JSON", body: '{"name":', headers: { "content-type": "application/json; charset=utf-8" } },
  { name: "text/plain body", body: "name=x", headers: { "content-type": "text/plain" } },
  { name: "body without a content type", body: enc("name=x") },
  { name: "gzip-encoded body", ...form(new Uint8Array(gzipSync("name=x&email=a@b.ru")), { "content-encoding": "gzip" }) },
  { name: "garbage claimed as br", ...form("not brotli", { "content-encoding": "br" }) },
  { name: "malformed content type", body: "name=x", headers: { "content-type": "multipart/;;;===" } },
];

/** URL, cookie and header cases: sent to every route (POSTs carry a well-formed small form). */
const requestCases: Case[] = [
  { name: "invalid UTF-8 in the path", path: "%FF%FE" },
  { name: "NUL in the path", path: "%00" },
  { name: "lone surrogate in the path", path: "%ED%A0%80" },
  { name: "broken escape in the path", path: "%E0%A4%A" },
  { name: "invalid UTF-8 in the query", query: "q=%FF&page=%FF&status=%FE&from=%FF&to=%00&period=%ED%A0%80&sort=%C3&sent=%FF&return=%FF&next=%FF" },
  { name: "malformed query", query: "q=%&page=%%2&=&&a&page=-1&page=1e309&from=2026-13-45" },
  { name: "invalid cookies", cookie: "flash=%FF%FE; x=%00; y=%ED%A0%80; flash=\u00ff\u00fe; =; ;;" },
  { name: "a 64 KB cookie", cookie: `junk=${"a".repeat(64 * 1024)}` },
  { name: "a thousand cookies", cookie: Array.from({ length: 1000 }, (_, i) => `c${i}=v`).join("; ") },
  {
    name: "garbage headers",
    headers: {
      "hx-request": "\u00ff",
      "hx-current-url": "%FF",
      "accept-language": "\u00ff\u00fe",
      referer: "http://%FF",
      "x-forwarded-for": "not-an-ip, %00",
      "sec-fetch-site": "\u00ff",
      accept: "\u00ff",
    },
  },
];

const publicPaths = /^\/($|healthz|brand|login|register|logout|setup|r\/|api\/public|l\/|embed|webhooks|media)/;
const roleFor = (path: string): Role => (publicPaths.test(path) ? "anonymous" : path.startsWith("/admin") ? "admin" : "partner");

let t: TestApp;
let routes: { method: string; path: string }[];
beforeAll(async () => {
  t = await createTestApp();
  const seen = new Set<string>();
  routes = t.app.routes
    .filter((r) => r.method !== "ALL")
    .filter((r) => {
      const key = `${r.method} ${r.path}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .map((r) => ({ method: r.method, path: r.path }));
});

/** A fresh world per route, so one route's side effects (a deactivation, a sign-out) never reach another. */
async function world() {
  const partner = await givenPartner(t.db);
  const admin = await givenAdmin(t.db);
  const pending = await givenPartner(t.db, { approvalStatus: "pending", isActive: false, decidedAt: null });
  const landing = await createLanding(t.db, partner.id, { title: "L", headerText: "H", description: "D", buttonText: "B", themeColor: "#123456" }, t.clock.now);
  const link = (linkType: "landing" | "iframe") =>
    createLink(
      t.db,
      partner.id,
      { title: "x", linkType, targetUrl: null, landingId: landing.id, utmSource: null, utmMedium: null, utmCampaign: null, utmContent: null, utmTerm: null },
      t.clock.now,
    );
  const [landingLink, iframeLink, client, method] = await Promise.all([
    link("landing"),
    link("iframe"),
    givenWonClient(t.db, partner.id),
    givenCardMethod(t.db, partner.id),
  ]);
  // A conversation with a company message, so the admin chat routes reach their handlers (and the deletion its question).
  const message = { partnerId: partner.id, senderId: admin.id, fromAdmin: true, body: "x", idempotencyKey: "bad-input-key-0123456789", files: [] };
  const { messageId } = await sendMessage(t.db, message, t.clock.now);
  const params = (path: string): Record<string, string> => ({
    id: path.startsWith("/admin/registrations")
      ? String(pending.id)
      : path.startsWith("/admin/partners")
        ? String(partner.id)
        : path.startsWith("/links")
          ? String(landingLink.id)
          : path.startsWith("/landings")
            ? String(landing.id)
            : path.startsWith("/clients")
              ? String(client.id)
              : path.startsWith("/profile/payout-methods")
                ? String(method.id)
                : "1",
    code: path.startsWith("/embed") ? iframeLink.code : landingLink.code,
    clientId: String(client.id),
    token: "not-a-token",
    file: "x.png",
    imageId: "1",
    jobId: "1",
    partnerId: String(partner.id),
    messageId: String(messageId),
  });
  // One session per role and route: a route that ends it (sign-out, deactivation) only affects itself.
  const [partnerCookie, adminCookie] = await Promise.all([t.cookieFor(partner), t.cookieFor(admin)]);
  return { partnerCookie, adminCookie, params };
}

type Outcome = { route: string; role: Role; case: string; status: number; problem: string | null };

async function send(route: { method: string; path: string }, role: Role, c: Case, w: Awaited<ReturnType<typeof world>>): Promise<Outcome> {
  const values = w.params(route.path);
  let url = route.path.replace(/:(\w+)/g, (_, name: string) => (c.path ? c.path : (values[name] ?? "1")));
  if (c.path && !route.path.includes(":")) url = `${url.replace(/\/$/, "")}/${c.path}`;
  if (c.query) url += `?${c.query}`;
  const headers: Record<string, string> = { origin: TEST_ORIGIN, ...c.headers };
  const cookies = [c.cookie, role === "anonymous" ? undefined : role === "admin" ? w.adminCookie : w.partnerCookie].filter(Boolean);
  if (cookies.length) headers.cookie = cookies.join("; ");
  let body: Bytes | undefined = typeof c.body === "string" ? enc(c.body) : c.body;
  if (route.method === "POST" && body === undefined) {
    body = enc("name=x");
    headers["content-type"] ??= FORM;
  }
  if (route.method === "GET") body = undefined;
  // As a browser sends it (the server sees a length or chunked encoding on every body).
  if (body) headers["content-length"] = String(body.length);
  const env = { incoming: { socket: { remoteAddress: "203.0.113.77" } } };
  const res = await t.app.request(`${TEST_ORIGIN}${url}`, { method: route.method, headers, body }, env);
  const text = await res.text();
  let problem: string | null = null;
  if (res.status >= 500) problem = `status ${res.status}`;
  else if (/\n\s+at |node_modules|TypeError|URIError|SyntaxError|RangeError/.test(text)) problem = "stack trace in the body";
  return { route: `${route.method} ${route.path}`, role, case: c.name, status: res.status, problem };
}

describe("bad input on every route", () => {
  it("covers every registered route", () => {
    expect(routes.length).toBeGreaterThan(100);
  });

  it("never answers 5xx or shows a stack trace, and never logs at error level", { timeout: 60_000 }, async () => {
    const outcomes: Outcome[] = [];
    const errorLinesBefore = t.logLines.filter((l) => l.includes('"level":"error"')).length;
    // Routes one after another (each with its own world), the cases of one route concurrently.
    for (const route of routes) {
      const w = await world();
      const cases = [...(route.method === "POST" ? bodyCases : []), ...requestCases];
      const roles: Role[] = roleFor(route.path) === "anonymous" ? ["anonymous", "partner"] : ["anonymous", roleFor(route.path)];
      outcomes.push(...(await Promise.all(roles.flatMap((role) => cases.map((c) => send(route, role, c, w))))));
    }
    const failures = outcomes.filter((o) => o.problem);
    if (process.env.BAD_INPUT_REPORT) {
      console.log(`${outcomes.length} route×role×case combinations, ${failures.length} failures`);
      const byCase = new Map<string, number>();
      for (const f of failures) byCase.set(f.case, (byCase.get(f.case) ?? 0) + 1);
      console.log(Object.fromEntries(byCase));
    }
    expect(failures.map((f) => `${f.route} as ${f.role}: ${f.case} → ${f.problem}`)).toEqual([]);
    const errorLines = t.logLines.filter((l) => l.includes('"level":"error"'));
    expect(errorLines.slice(errorLinesBefore)).toEqual([]);
  });
});

/** The log lines one request adds (the tests in this file run one after another). */
async function logged<T>(run: () => Promise<T>): Promise<{ result: T; warn: number; error: number }> {
  const from = t.logLines.length;
  const result = await run();
  const lines = t.logLines.slice(from);
  return { result, warn: lines.filter((l) => l.includes('"level":"warn"')).length, error: lines.filter((l) => l.includes('"level":"error"')).length };
}

describe("a refused request", () => {
  const multipart = { "content-type": "multipart/form-data; boundary=XYZ" };
  const cases: [string, string, "partner" | "anonymous", Case, number, string][] = [
    ["malformed multipart on a zod form", "POST /links", "partner", { name: "", body: "garbage", headers: multipart }, 400, "Некорректный запрос"],
    ["malformed multipart on an upload", "POST /landings/:id/images", "partner", { name: "", body: "garbage", headers: multipart }, 400, "Некорректный запрос"],
    ["malformed multipart behind sudo mode", "POST /payouts", "partner", { name: "", body: "garbage", headers: multipart }, 400, "Некорректный запрос"],
    ["malformed multipart on a lead form", "POST /l/:code", "anonymous", { name: "", body: "garbage", headers: multipart }, 400, "Некорректный запрос"],
    ["invalid UTF-8 in a form", "POST /links", "partner", { name: "", ...form("title=%FF%FE") }, 400, "Некорректный запрос"],
    ["a lone surrogate in a lead form", "POST /l/:code", "anonymous", { name: "", ...form("name=%ED%A0%80&phone=%2B79123456789") }, 400, "Некорректный запрос"],
    ["NUL in a sign-in form", "POST /login", "anonymous", { name: "", ...form("email=a%00@b.ru&password=x") }, 400, "Некорректный запрос"],
    ["invalid UTF-8 in a repeated field", "POST /payouts/total", "partner", { name: "", ...form("client_id=1&client_id=%FF") }, 400, "Некорректный запрос"],
    ["invalid UTF-8 in the landing preview", "POST /landings/:id/preview", "partner", { name: "", ...form("title=%FF%FE") }, 400, "Некорректный запрос"],
    [
      "JSON on a form route",
      "POST /links",
      "partner",
      { name: "", body: '{"title":"x"}', headers: { "content-type": "application/json" } },
      415,
      "Неподдерживаемый формат",
    ],
    [
      "a gzip body",
      "POST /login",
      "anonymous",
      { name: "", ...form(new Uint8Array(gzipSync("email=a@b.ru")), { "content-encoding": "gzip" }) },
      415,
      "Неподдерживаемый формат",
    ],
    [
      "a gzip body on the webhook",
      "POST /webhooks/bitrix24",
      "anonymous",
      { name: "", ...form(new Uint8Array(gzipSync("event=x")), { "content-encoding": "gzip" }) },
      415,
      "Неподдерживаемый формат",
    ],
  ];
  it.each(cases)("%s: %s → status, a Russian page, one warning and no error", async (_label, key, role, c, status, text) => {
    const [method = "", path = ""] = key.split(" ");
    const w = await world();
    const {
      result: res,
      warn,
      error,
    } = await logged(async () => {
      const values = w.params(path);
      const url = path.replace(/:(\w+)/g, (_, name: string) => values[name] ?? "1");
      const body = typeof c.body === "string" ? enc(c.body) : c.body;
      const headers: Record<string, string> = { origin: TEST_ORIGIN, ...c.headers, "content-length": String(body?.length ?? 0) };
      if (role === "partner") headers.cookie = w.partnerCookie;
      return t.app.request(`${TEST_ORIGIN}${url}`, { method, headers, body }, { incoming: { socket: { remoteAddress: "203.0.113.5" } } });
    });
    expect(res.status).toBe(status);
    const html = await res.text();
    expect(html).toContain(text);
    expect(html).not.toMatch(/\n\s+at |Error:/);
    expect({ warn, error }).toEqual({ warn: 1, error: 0 });
  });
});

describe("content types", () => {
  const cabinetPosts = () =>
    routes.filter((r) => r.method === "POST" && !/^\/(l|embed|api\/public|webhooks)\//.test(r.path) && r.path !== "/webhooks/bitrix24");

  it("refuses a JSON or text post from another site to every cabinet route before CSRF, storing nothing", async () => {
    const w = await world();
    const before = await snapshot(t.client);
    const answers = await Promise.all(
      cabinetPosts().flatMap((r) =>
        ["application/json", "text/plain"].map(async (type) => {
          const values = w.params(r.path);
          const url = r.path.replace(/:(\w+)/g, (_, name: string) => values[name] ?? "1");
          const cookie = r.path.startsWith("/admin") ? w.adminCookie : w.partnerCookie;
          const res = await t.app.request(`${TEST_ORIGIN}${url}`, {
            method: "POST",
            headers: { origin: "https://evil.example", "content-type": type, cookie },
            body: type === "text/plain" ? "name=x" : '{"name":"x"}',
          });
          return `${r.path} ${type} ${res.status}`;
        }),
      ),
    );
    expect(answers.filter((a) => !a.endsWith(" 415"))).toEqual([]);
    expect(await snapshot(t.client)).toBe(before);
  });

  it("still lets a body-less cabinet post through to CSRF and the handler", async () => {
    const w = await world();
    const res = await t.app.request(`${TEST_ORIGIN}/notifications/read-all`, { method: "POST", headers: { origin: TEST_ORIGIN, cookie: w.partnerCookie } });
    expect(res.status).toBeLessThan(400);
    const foreign = await t.app.request(`${TEST_ORIGIN}/notifications/read-all`, {
      method: "POST",
      headers: { origin: "https://evil.example", cookie: w.partnerCookie },
    });
    expect(foreign.status).toBe(403);
  });

  it.each([
    ["application/json", '{"event":"ONCRMDEALUPDATE"}'],
    ["multipart/form-data; boundary=XYZ", '--XYZ\r\nContent-Disposition: form-data; name="event"\r\n\r\nONCRMDEALUPDATE\r\n--XYZ--\r\n'],
    ["text/plain", "event=ONCRMDEALUPDATE"],
    ["", "event=ONCRMDEALUPDATE"],
  ])("the Bitrix24 webhook takes form-urlencoded only, not %s", async (type, body) => {
    const before = await snapshot(t.client);
    for (const path of ["/webhooks/bitrix24", "/api/public/webhook/b24"]) {
      const bytesBody = enc(body);
      const headers: Record<string, string> = { "content-length": String(bytesBody.length) };
      if (type) headers["content-type"] = type;
      const res = await t.app.request(`${TEST_ORIGIN}${path}`, { method: "POST", headers, body: bytesBody });
      expect(res.status).toBe(415);
    }
    expect(await snapshot(t.client)).toBe(before);
  });

  it.each([
    ["application/json", '{"name":"x","phone":"+79123456789"}'],
    ["text/plain", "name=x&phone=%2B79123456789"],
    ["", "name=x&phone=%2B79123456789"],
  ])("the public lead forms take form bodies only, not %s", async (type, body) => {
    const w = await world();
    const before = await snapshot(t.client);
    for (const path of ["/l/:code", "/api/public/landing/:code", "/embed/:code"]) {
      const bytesBody = enc(body);
      const headers: Record<string, string> = { "content-length": String(bytesBody.length), origin: "https://evil.example" };
      if (type) headers["content-type"] = type;
      const res = await t.app.request(`${TEST_ORIGIN}${path.replace(":code", w.params(path).code ?? "")}`, { method: "POST", headers, body: bytesBody });
      expect(res.status).toBe(415);
      // Refused before the landing's own headers ran: the page still carries a CSP and nosniff.
      expect(res.headers.get("content-security-policy"), path).toContain("default-src 'self'");
      expect(res.headers.get("x-content-type-options"), path).toBe("nosniff");
    }
    expect(await snapshot(t.client)).toBe(before);
  });
});

describe("methods", () => {
  it.each([
    ["PUT", "/links", "GET, HEAD, POST"],
    ["POST", "/dashboard", "GET, HEAD"],
    ["DELETE", "/admin/partners/1", "GET, HEAD"],
    ["GET", "/links/1/activation", "POST"],
    ["OPTIONS", "/login", "GET, HEAD, POST"],
    ["PATCH", "/r/AAAAAAAAAA", "GET, HEAD"],
    ["GET", "/webhooks/bitrix24", "POST"],
  ])("%s %s → 405 with Allow: %s and a Russian page", async (method, path, allow) => {
    const w = await world();
    const cookie = path.startsWith("/admin") ? w.adminCookie : w.partnerCookie;
    const { result: res, warn } = await logged(async () =>
      t.app.request(`${TEST_ORIGIN}${path}`, {
        method,
        headers: { origin: TEST_ORIGIN, cookie, "content-type": FORM },
        body: method === "GET" ? undefined : "",
      }),
    );
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe(allow);
    expect(await res.text()).toContain("Действие недоступно");
    expect(warn).toBe(1);
  });

  it("keeps 404 for an unknown path and for an unknown code on a known route", async () => {
    expect((await t.app.request(`${TEST_ORIGIN}/no-such-page`, { method: "POST", headers: { origin: TEST_ORIGIN } })).status).toBe(404);
    expect((await t.app.request(`${TEST_ORIGIN}/r/AAAAAAAAAA`)).status).toBe(404);
    const w = await world();
    expect((await t.app.request(`${TEST_ORIGIN}/links/1/nothing`, { headers: { cookie: w.partnerCookie } })).status).toBe(404);
  });
});

describe("HSTS (SECURITY.md H-1)", () => {
  async function groups(origin: string) {
    const uploadDir = await mkdtemp(join(tmpdir(), "hsts-"));
    const app = await createTestApp({ PUBLIC_ORIGIN: origin, UPLOAD_DIR: uploadDir });
    // A handler that fails, for the 500 page (registered before the first request builds the router).
    app.app.get("/__test/failure", () => {
      throw new Error("boom");
    });
    const partner = await givenPartner(app.db);
    const landing = await createLanding(
      app.db,
      partner.id,
      { title: "L", headerText: "H", description: "D", buttonText: "B", themeColor: "#123456" },
      app.clock.now,
    );
    const link = (linkType: "landing" | "iframe") =>
      createLink(
        app.db,
        partner.id,
        { title: "x", linkType, targetUrl: null, landingId: landing.id, utmSource: null, utmMedium: null, utmCampaign: null, utmContent: null, utmTerm: null },
        app.clock.now,
      );
    const [landingLink, iframeLink] = await Promise.all([link("landing"), link("iframe")]);
    const image = `${"a".repeat(32)}.png`;
    await mkdir(join(uploadDir, "landings"), { recursive: true });
    await writeFile(join(uploadDir, "landings", image), new Uint8Array([0x89, 0x50, 0x4e, 0x47]));
    const session = (await app.cookieFor(partner)).replace(/^session=/, origin.startsWith("https") ? "__Host-session=" : "session=");
    const get = (path: string, init: RequestInit = {}) => app.app.request(`${origin}${path}`, init, { incoming: { socket: { remoteAddress: "203.0.113.9" } } });
    const answers: Record<string, Response> = {
      redirect: await get(`/r/${landingLink.code}`),
      "redirect (old URL)": await get(`/api/public/r/${landingLink.code}`),
      landing: await get(`/l/${landingLink.code}`),
      embed: await get(`/embed/${iframeLink.code}`),
      media: await get(`/media/landings/${image}`),
      healthz: await get("/healthz"),
      static: await get("/static/app.css"),
      "cabinet page": await get("/dashboard", { headers: { cookie: session } }),
      "sign-in page": await get("/login"),
      "404": await get("/no-such-page"),
      "405": await get("/dashboard", { method: "PUT", headers: { cookie: session, origin } }),
      "415": await get("/login", { method: "POST", headers: { origin, "content-type": "application/json" }, body: "{}" }),
      "400": await get("/login", { method: "POST", headers: { origin, "content-type": "multipart/form-data; boundary=X" }, body: "garbage" }),
      "403": await get("/login", { method: "POST", headers: { origin: "https://evil.example", "content-type": FORM }, body: "email=x" }),
      "500": await get("/__test/failure"),
    };
    await rm(uploadDir, { recursive: true, force: true });
    return answers;
  }

  it("is on every response of an https installation, the redirect and error pages included", async () => {
    const answers = await groups("https://partners.example.ru");
    expect(answers.redirect?.status).toBe(302);
    expect(answers.media?.status).toBe(200);
    expect(answers["500"]?.status).toBe(500);
    const hsts = Object.fromEntries(Object.entries(answers).map(([group, res]) => [group, `${res.status} ${res.headers.get("strict-transport-security")}`]));
    for (const [group, value] of Object.entries(hsts)) expect(`${group}: ${value}`).toMatch(/: \d{3} max-age=31536000; includeSubDomains$/);
  });

  it("is on no response of a plain-http installation", async () => {
    const answers = await groups("http://localhost:3000");
    expect(answers.redirect?.status).toBe(302);
    for (const [group, res] of Object.entries(answers)) expect(`${group}: ${res.headers.get("strict-transport-security")}`).toBe(`${group}: null`);
  });
});

describe("oversize headers on the real server (SECURITY.md B13)", () => {
  /** One raw HTTP/1.1 request; resolves with the status line. */
  const raw = (port: number, head: string) =>
    new Promise<string>((resolve, reject) => {
      const socket = connect(port, "127.0.0.1", () => socket.end(head));
      let data = "";
      socket.on("data", (chunk) => {
        data += chunk.toString("latin1");
      });
      socket.on("error", reject);
      socket.on("close", () => resolve(data));
    });

  it("answers 431 to a 64 KB cookie and to 10,000 headers, 400 to a garbled header, with a Russian page, and keeps serving", async () => {
    const server = serve({ fetch: t.app.fetch, port: 0, hostname: "127.0.0.1" }) as Server;
    answerClientErrors(server, t.log);
    await once(server, "listening");
    const { port } = server.address() as AddressInfo;
    try {
      const warnsBefore = t.logLines.filter((l) => l.includes('"level":"warn"')).length;
      const cookie = Buffer.from(
        await raw(port, `GET /login HTTP/1.1\r\nHost: x\r\nCookie: junk=${"a".repeat(64 * 1024)}\r\nConnection: close\r\n\r\n`),
        "latin1",
      ).toString("utf8");
      expect(cookie).toMatch(/^HTTP\/1\.1 431/);
      expect(cookie).toContain("Очистите cookie этого сайта");
      const many = Array.from({ length: 10_000 }, (_, i) => `X-H${i}: v\r\n`).join("");
      expect(await raw(port, `GET /login HTTP/1.1\r\nHost: x\r\n${many}Connection: close\r\n\r\n`)).toMatch(/^HTTP\/1\.1 431/);
      const garbled = Buffer.from(await raw(port, "GET /login HTTP/1.1\r\nHo st: x\r\n\r\n"), "latin1").toString("utf8");
      expect(garbled).toMatch(/^HTTP\/1\.1 400/);
      expect(garbled).toContain("Некорректный запрос");
      expect(t.logLines.filter((l) => l.includes('"level":"warn"')).length - warnsBefore).toBe(3);
      expect(t.logLines.some((l) => l.includes('"level":"error"'))).toBe(false);
      expect(await raw(port, "GET /login HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")).toMatch(/^HTTP\/1\.1 200/);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
