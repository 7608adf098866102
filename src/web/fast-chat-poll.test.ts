/**
 * The chat's idle poll in front of Hono (fast-chat-poll.ts + features/chat/poll-gate.ts) against the
 * Hono route itself, over real HTTP on loopback: the same 204 and headers when nothing changed, and
 * every other case — a change, another role, a session due for extension or gone, odd requests —
 * left to Hono, which answers it as it always did.
 */
import { getRequestListener } from "@hono/node-server";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { sessionCookieNameFor } from "../auth/cookie.js";
import { sessionPolicy } from "../auth/session.js";
import { sessions, users } from "../db/schema.js";
import { sendMessage } from "../features/chat/chat.js";
import { createPollGate, SESSION_FRESH_MS, VERSIONS_FRESH_MS } from "../features/chat/poll-gate.js";
import { conversationVersion } from "../features/chat/versions.js";
import { givenAdmin, givenPartner } from "../testing/fixtures.js";
import { closeServers, listen, raw } from "../testing/raw-http.js";
import { createTestApp } from "../testing/test-app.js";
import { sessionToken, withFastChatPoll } from "./fast-chat-poll.js";

afterEach(closeServers);

/** One test app answered two ways: `fast` (the gate, then Hono) and `plain` (Hono alone). */
async function given(env: Record<string, string> = {}) {
  const t = await createTestApp(env);
  const hono = getRequestListener(t.app.fetch);
  const gateClock = { ms: 0 };
  const errors: unknown[] = [];
  const gate = createPollGate(t.db, { now: () => t.clock.now, clock: () => gateClock.ms, catchUpPage: 2 });
  const passed = { count: 0 };
  const options = { gate, cookieName: sessionCookieNameFor(t.config.secureCookies), https: t.config.secureCookies, onError: (e: unknown) => errors.push(e) };
  const fast = await listen(
    withFastChatPoll(options, (req, res) => {
      passed.count++;
      void hono(req, res);
    }),
  );
  const plain = await listen(hono);
  const partner = await givenPartner(t.db);
  const admin = await givenAdmin(t.db);
  const at = t.clock.now;
  await sendMessage(
    t.db,
    { partnerId: partner.id, senderId: admin.id, fromAdmin: true, body: "Добрый день", idempotencyKey: "fast-poll-key-0001", files: [] },
    at,
  );
  const cookieName = options.cookieName;
  const partnerCookie = { Cookie: (await t.cookieFor(partner)).replace(/^[^=]+=/, `${cookieName}=`) };
  const adminCookie = { Cookie: (await t.cookieFor(admin)).replace(/^[^=]+=/, `${cookieName}=`) };
  // A session used in the millisecond it was made gets its cookie again from Hono; a second later it does not.
  t.clock.now += 1000;
  const version = await conversationVersion(t.db, partner.id);
  const partnerPoll = (v = version) => `/chat/updates?after=1&v=${v}&r=0`;
  const adminPoll = (v = version, id = partner.id) => `/admin/chat/${id}/updates?after=1&v=${v}&r=0`;
  /** Makes the gate read versions again on its next question (they are cached for VERSIONS_FRESH_MS). */
  const later = (ms = VERSIONS_FRESH_MS) => {
    gateClock.ms += ms;
  };
  return { t, fast, plain, passed, partner, admin, partnerCookie, adminCookie, version, partnerPoll, adminPoll, later, errors };
}

describe("the idle chat poll in front of Hono", () => {
  it.each([
    ["http", {}],
    ["https (HSTS, __Host- cookie)", { PUBLIC_ORIGIN: "https://cabinet.test" }],
  ] as const)("answers «nothing new» with the Hono route's 204 and headers, without Hono (%s)", async (_, env) => {
    const g = await given(env);
    for (const [path, cookie] of [
      [g.partnerPoll(), g.partnerCookie],
      [g.adminPoll(), g.adminCookie],
    ] as const) {
      const viaHono = await raw(g.plain, path, cookie);
      g.passed.count = 0;
      const viaFast = await raw(g.fast, path, cookie);
      expect(viaFast.head[0]).toBe("HTTP/1.1 204 No Content");
      expect(g.passed.count).toBe(0);
      expect(viaFast.head.slice().sort()).toEqual(viaHono.head.slice().sort());
      expect(viaFast.head.includes("strict-transport-security: max-age=31536000; includeSubDomains")).toBe(g.t.config.secureCookies);
    }
  });

  it("hands a changed conversation to Hono: the new message arrives", async () => {
    const g = await given();
    expect((await raw(g.fast, g.partnerPoll(), g.partnerCookie)).head[0]).toContain("204");
    await sendMessage(
      g.t.db,
      { partnerId: g.partner.id, senderId: g.admin.id, fromAdmin: true, body: "Новое-сообщение", idempotencyKey: "fast-poll-key-0002", files: [] },
      g.t.clock.now,
    );
    g.later();
    const res = await raw(g.fast, g.partnerPoll(), g.partnerCookie);
    expect(res.head[0]).toBe("HTTP/1.1 200 OK");
    expect(res.body).toContain("Новое-сообщение");
    expect(g.passed.count).toBe(1);
  });

  it("sees a version written by another process within VERSIONS_FRESH_MS, and reads versions once for all pollers", async () => {
    const g = await given();
    const other = await givenPartner(g.t.db);
    const otherCookie = { Cookie: await g.t.cookieFor(other) };
    g.t.clock.now += 1000;
    expect((await raw(g.fast, g.partnerPoll(), g.partnerCookie)).head[0]).toContain("204");
    expect((await raw(g.fast, "/chat/updates?after=0&v=0&r=0", otherCookie)).head[0]).toContain("204"); // never wrote: version 0
    // Written straight to the database (as another process would), not through this process.
    await g.t.client.execute({ sql: "update chat_conversations set version = version + 100 where partner_id = ?", args: [g.partner.id] });
    expect((await raw(g.fast, g.partnerPoll(), g.partnerCookie)).head[0]).toContain("204"); // within the freshness window
    g.later();
    expect((await raw(g.fast, g.partnerPoll(), g.partnerCookie)).head[0]).toBe("HTTP/1.1 200 OK");
    expect((await raw(g.fast, g.partnerPoll(g.version + 100), g.partnerCookie)).head[0]).toContain("204");
  });

  it("knows every conversation when versions tie (rows from before the sequence), over several catch-up pages", async () => {
    const g = await given();
    const others = [];
    for (let i = 0; i < 5; i++) {
      const p = await givenPartner(g.t.db);
      await sendMessage(
        g.t.db,
        { partnerId: p.id, senderId: p.id, fromAdmin: false, body: "Вопрос", idempotencyKey: `fast-poll-tie-${i}-0000`, files: [] },
        g.t.clock.now,
      );
      others.push({ cookie: { Cookie: await g.t.cookieFor(p) } });
    }
    await g.t.client.execute("update chat_conversations set version = 7");
    g.t.clock.now += 1000;
    g.passed.count = 0;
    for (const o of [...others, { cookie: g.partnerCookie }]) expect((await raw(g.fast, "/chat/updates?after=1&v=7&r=0", o.cookie)).head[0]).toContain("204");
    expect(g.passed.count).toBe(0);
  });

  it("never answers for a partner on the admin's poll, an admin on the partner's, or an admin on an unknown partner", async () => {
    const g = await given();
    for (const [path, cookie] of [
      [g.adminPoll(), g.partnerCookie],
      [g.partnerPoll(), g.adminCookie],
      [g.adminPoll(0, 999_999), g.adminCookie],
    ] as const) {
      g.passed.count = 0;
      const viaFast = await raw(g.fast, path, cookie);
      expect(g.passed.count, path).toBe(1);
      expect(viaFast.head[0], path).toBe((await raw(g.plain, path, cookie)).head[0]);
      expect(viaFast.head[0], path).not.toContain("204");
    }
  });

  it("leaves a session due for its sliding extension to Hono, which extends it and sends the cookie", async () => {
    const g = await given();
    expect((await raw(g.fast, g.partnerPoll(), g.partnerCookie)).head[0]).toContain("204");
    g.t.clock.now += sessionPolicy.partner.extendEvery;
    g.passed.count = 0;
    const res = await raw(g.fast, g.partnerPoll(), g.partnerCookie);
    expect(g.passed.count).toBe(1);
    expect(res.head[0]).toContain("204");
    expect(res.head.some((h) => h.startsWith("set-cookie: session="))).toBe(true);
    // Looked up afresh: the extended session is answered in front again.
    expect((await raw(g.fast, g.partnerPoll(), g.partnerCookie)).head[0]).toContain("204");
    expect(g.passed.count).toBe(1);
  });

  it("lets a signed-out or deactivated session learn nothing: at most SESSION_FRESH_MS of 204, then Hono's answer", async () => {
    const g = await given();
    expect((await raw(g.fast, g.partnerPoll(), g.partnerCookie)).head[0]).toContain("204");
    await g.t.db.delete(sessions).where(eq(sessions.userId, g.partner.id));
    await g.t.db.update(users).set({ isActive: false }).where(eq(users.id, g.admin.id));
    g.later(SESSION_FRESH_MS);
    for (const [path, cookie] of [
      [g.partnerPoll(), g.partnerCookie],
      [g.adminPoll(), g.adminCookie],
    ] as const) {
      const res = await raw(g.fast, path, cookie);
      expect(res.head[0], path).not.toContain("204");
      expect(res.head[0], path).toBe((await raw(g.plain, path, cookie)).head[0]);
    }
  });

  it.each([
    ["HEAD", "GET"],
    ["extra parameter", ""],
    ["malformed id", ""],
    ["no cookie", ""],
    ["two session cookies", ""],
    ["a token of the wrong shape", ""],
  ])("leaves the %s case to Hono unchanged", async (name) => {
    const g = await given();
    const requests: Record<string, [string, Record<string, string>, string]> = {
      HEAD: [g.partnerPoll(), g.partnerCookie, "HEAD"],
      "extra parameter": [`${g.partnerPoll()}&x=1`, g.partnerCookie, "GET"],
      "malformed id": [`/chat/updates?after=01&v=${g.version}&r=0`, g.partnerCookie, "GET"],
      "no cookie": [g.partnerPoll(), {}, "GET"],
      "two session cookies": [g.partnerPoll(), { Cookie: `${g.partnerCookie.Cookie}; ${g.adminCookie.Cookie}` }, "GET"],
      "a token of the wrong shape": [g.partnerPoll(), { Cookie: "session=AAAA" }, "GET"],
    };
    const [path, headers, method] = requests[name] ?? ["", {}, "GET"];
    const viaFast = await raw(g.fast, path, headers, method);
    expect(g.passed.count).toBe(1);
    expect(viaFast.head[0]).toBe((await raw(g.plain, path, headers, method)).head[0]);
  });

  it("falls back to Hono when the gate cannot read the database", async () => {
    const g = await given();
    await g.t.client.execute("alter table chat_conversations rename to chat_conversations_gone");
    const res = await raw(g.fast, g.partnerPoll(), g.partnerCookie);
    expect(g.passed.count).toBe(1);
    expect(res.head[0]).toBe("HTTP/1.1 500 Internal Server Error");
    expect(g.errors).toHaveLength(1);
  });
});

describe("sessionToken", () => {
  it("takes the named cookie only when it is there once and has a token's shape", () => {
    const token = "abcdefghijklmnopqrstuvwxyz234567";
    expect(sessionToken(`a=1; session=${token}; b=2`, "session")).toBe(token);
    expect(sessionToken(`xsession=${token}`, "session")).toBeNull();
    expect(sessionToken(`session=${token}; session=${token}`, "session")).toBeNull();
    expect(sessionToken(`session=${token.toUpperCase()}`, "session")).toBeNull();
    expect(sessionToken(undefined, "session")).toBeNull();
    expect(sessionToken(`__Host-session=${token}`, "__Host\\-session")).toBe(token);
  });
});
