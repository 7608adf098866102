/**
 * The partner's /chat beyond the main paths of partner-chat.test.ts: day separators and order, the
 * no-JS older page, what a poll sends for its after/r marks (and deletions), the htmx error answer,
 * keys and characters a hand-made post may carry.
 */
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { users } from "../../db/schema.js";
import { t as ru } from "../../i18n/ru.js";
import { givenAdmin, givenPartner, snapshot } from "../../testing/fixtures.js";
import { createTestApp, type TestApp } from "../../testing/test-app.js";
import { deleteCompanyMessage, listMessages, sendMessage } from "./chat.js";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

const DAY = 86_400_000;
const htmx = { "hx-request": "true" };
const KEY = "routes-test-key-0001";

async function say(partnerId: number, senderId: number, fromAdmin: boolean, body: string, at: number) {
  return sendMessage(t.db, { partnerId, senderId, fromAdmin, body, idempotencyKey: `k-${at}-${body.length}-${senderId}`, files: [] }, at);
}

/** The poll URL the page (or a fragment) carries, unescaped. */
const pollOf = (html: string) => /hx-get="(\/chat\/updates\?[^"]+)"/.exec(html)?.[1]?.replaceAll("&amp;", "&") ?? "";

describe("the /chat page", () => {
  it("shows the conversation oldest first with day separators (a date, «Вчера», «Сегодня»), names and times", async () => {
    const p = await givenPartner(t.db, { name: "Пётр Партнёр" });
    const admin = await givenAdmin(t.db, { name: "Анна Админ" });
    const now = t.clock.now;
    await say(p.id, p.id, false, "первое-сообщение", now - 2 * DAY);
    await say(p.id, admin.id, true, "второе-сообщение", now - DAY);
    await say(p.id, p.id, false, "третье-сообщение", now - 60_000);
    const html = await (await t.request("/chat", { cookie: await t.cookieFor(p) })).text();
    const order = ["24.11.2026", "первое-сообщение", ru.chat.yesterday, "Анна Админ", "второе-сообщение", ru.chat.today, "третье-сообщение"].map((s) =>
      html.indexOf(s),
    );
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((x, y) => x - y)).toEqual(order);
    // dd.mm.yyyy, HH:MM in Moscow time (FIXED_NOW is 12:00 there).
    expect(html).toContain("26.11.2026, 11:59");
    // Own messages carry a tick; the company's do not.
    const own = await listMessages(t.db, p.id);
    const [first, second] = own.messages;
    expect(html).toContain(`id="tick-${first?.id}"`);
    expect(html).not.toContain(`id="tick-${second?.id}"`);
    expect(html).toContain('src="/static/chat.js"');
  });

  it("an empty conversation invites the partner to write", async () => {
    const p = await givenPartner(t.db);
    const html = await (await t.request("/chat", { cookie: await t.cookieFor(p) })).text();
    expect(html).toContain(ru.chat.empty);
    expect(html).toContain('id="chat-compose"');
    expect(html).toContain('id="chat-poller"');
  });

  it("?before= shows an older page without JS, with a link back to the newest and no poller", async () => {
    const p = await givenPartner(t.db);
    for (let i = 1; i <= 35; i++) await say(p.id, p.id, false, `m-${i}-end`, t.clock.now - (40 - i) * 60_000);
    const cookie = await t.cookieFor(p);
    const newest = await (await t.request("/chat", { cookie })).text();
    const before = /href="\/chat\?before=(\d+)"/.exec(newest)?.[1];
    expect(before).toBeDefined();
    const older = await t.request(`/chat?before=${before}`, { cookie });
    expect(older.status).toBe(200);
    const html = await older.text();
    expect(html).toContain("m-1-end");
    expect(html).not.toContain("m-35-end");
    expect(html).toContain(ru.chat.backToNewest);
    expect(html).not.toContain('id="chat-poller"');
    // Malformed ids never reach the database as numbers; nothing answers 5xx.
    for (const bad of ["abc", "-1", "0", "1e3", "99999999999999999999"]) {
      expect((await t.request(`/chat/messages?before=${bad}`, { cookie })).status, bad).toBe(400);
      expect((await t.request(`/chat?before=${bad}`, { cookie })).status, bad).toBeLessThan(500);
    }
    expect((await t.request("/chat/messages", { cookie })).status).toBe(400);
  });
});

describe("polls", () => {
  it("send only messages after `after`, ticks only for own messages in (r, read mark], and mark delivered ones read", async () => {
    const p = await givenPartner(t.db);
    const admin = await givenAdmin(t.db);
    const cookie = await t.cookieFor(p);
    const m1 = await say(p.id, p.id, false, "свое-1", t.clock.now - 3000);
    const m2 = await say(p.id, p.id, false, "свое-2", t.clock.now - 2000);
    const page = await (await t.request("/chat", { cookie })).text();
    const poll = pollOf(page);
    expect(poll).toBe(`/chat/updates?after=${m2.messageId}&v=2&r=0`);
    // The company reads, then answers.
    await t.request(`/admin/chat/${p.id}`, { cookie: await t.cookieFor(admin) });
    const answer = await say(p.id, admin.id, true, "ответ-компании", t.clock.now);
    // A page that already showed m1 as read (r = m1) gets only m2's tick.
    const res = await t.request(`/chat/updates?after=${m2.messageId}&v=2&r=${m1.messageId}`, { cookie, headers: htmx });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("ответ-компании");
    expect(html).not.toContain("свое-1");
    expect(html).toContain(`id="tick-${m2.messageId}" class="chat-tick is-read" hx-swap-oob="true"`);
    expect(html).not.toContain(`id="tick-${m1.messageId}"`);
    // The next poll carries the new marks and, since the answer was read on delivery, nothing is unread.
    const next = pollOf(html);
    // r is the company's read mark: up to its own answer.
    expect(next).toMatch(new RegExp(`after=${answer.messageId}&v=\\d+&r=${answer.messageId}$`));
    expect(await (await t.request("/chat/badge", { cookie })).text()).not.toContain("непрочитан");
    expect((await t.request(next, { cookie, headers: htmx })).status).toBe(204);
  });

  it("shows a message the company took back as deleted, out of band", async () => {
    const p = await givenPartner(t.db);
    const admin = await givenAdmin(t.db);
    const cookie = await t.cookieFor(p);
    const sent = await say(p.id, admin.id, true, "лишнее-сообщение", t.clock.now);
    const page = await (await t.request("/chat", { cookie })).text();
    expect(page).toContain("лишнее-сообщение");
    const poll = pollOf(page);
    expect(await deleteCompanyMessage(t.db, p.id, sent.messageId, admin.id, t.clock.now + 60_000)).toMatchObject({ ok: true });
    const html = await (await t.request(poll, { cookie, headers: htmx })).text();
    expect(html).toContain(`id="message-${sent.messageId}"`);
    expect(html).toContain(ru.chat.deleted);
    expect(html).not.toContain("лишнее-сообщение");
    expect((await t.request("/chat", { cookie }).then((r) => r.text())).includes("лишнее-сообщение")).toBe(false);
  });

  it("refuse malformed marks with 400", async () => {
    const p = await givenPartner(t.db);
    const cookie = await t.cookieFor(p);
    for (const q of ["", "?after=1", "?after=1&v=x&r=0", "?after=-1&v=0&r=0", "?after=0&v=0&r=abc", "?after=0&v=1e9&r=0"]) {
      expect((await t.request(`/chat/updates${q}`, { cookie })).status, q).toBe(400);
    }
  });
});

describe("sending", () => {
  it("an htmx error answer is the form again with the message and the typed text, nothing stored", async () => {
    const p = await givenPartner(t.db);
    const cookie = await t.cookieFor(p);
    const before = await snapshot(t.client);
    const typed = `${"ж".repeat(5000)}!`;
    const res = await t.request("/chat/messages", { cookie, headers: htmx, form: { body: typed, key: KEY } });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('id="chat-compose"');
    expect(html).toContain('role="alert"');
    expect(html).toContain(ru.chat.errors.tooLong(5000, 5001));
    expect(html).toContain(typed);
    expect(await snapshot(t.client)).toBe(before);
  });

  it("takes exactly 5 000 characters (counted after NFC and trimming) and keeps line breaks", async () => {
    const p = await givenPartner(t.db);
    const cookie = await t.cookieFor(p);
    // "й" typed as и + combining breve is one character after NFC.
    const body = `  ${"и\u0306".repeat(4998)}\r\nx  `;
    const res = await t.request("/chat/messages", { cookie, form: { body, key: KEY } });
    expect(res.status).toBe(303);
    const [m] = (await listMessages(t.db, p.id)).messages;
    expect(m?.body).toBe(`${"й".repeat(4998)}\nx`);
    expect([...(m?.body ?? "")]).toHaveLength(5000);
  });

  it("refuses control characters other than line breaks and tabs", async () => {
    const p = await givenPartner(t.db);
    const cookie = await t.cookieFor(p);
    const before = await snapshot(t.client);
    for (const ch of ["\u0007", "\u001b[31m", "\u202e"]) {
      const res = await t.request("/chat/messages", { cookie, form: { body: `текст${ch}текст`, key: KEY } });
      expect(res.status).toBe(422);
      expect(await res.text()).toContain(ru.chat.errors.invalidChars);
    }
    expect(await snapshot(t.client)).toBe(before);
    expect((await t.request("/chat/messages", { cookie, form: { body: "a\tb\nc", key: KEY } })).status).toBe(303);
  });

  it("a missing or malformed key is a new post each time (never a 5xx)", async () => {
    const p = await givenPartner(t.db);
    const cookie = await t.cookieFor(p);
    for (const key of [undefined, "short", "x".repeat(65), "with spaces inside!!", "ключ-ключ-ключ-ключ"]) {
      const form: Record<string, string> = { body: "привет" };
      if (key !== undefined) form.key = key;
      expect((await t.request("/chat/messages", { cookie, form })).status).toBe(303);
    }
    expect((await listMessages(t.db, p.id)).messages).toHaveLength(5);
  });

  it("the same key over htmx twice gives one message, and the fragment brings what came in meanwhile", async () => {
    const p = await givenPartner(t.db);
    const admin = await givenAdmin(t.db);
    const cookie = await t.cookieFor(p);
    const shown = await say(p.id, p.id, false, "уже-на-странице", t.clock.now - 5000);
    await say(p.id, admin.id, true, "пришло-пока-писали", t.clock.now - 1000);
    const form = { body: "новое", key: KEY, after: String(shown.messageId), r: "0" };
    const first = await (await t.request("/chat/messages", { cookie, headers: htmx, form })).text();
    const second = await (await t.request("/chat/messages", { cookie, headers: htmx, form })).text();
    expect((await listMessages(t.db, p.id)).messages.filter((m) => m.body === "новое")).toHaveLength(1);
    for (const html of [first, second]) {
      expect(html).toContain("пришло-пока-писали");
      expect(html).toContain("новое");
      expect(html).not.toContain("уже-на-странице");
      // A fresh form with another key replaces the old one.
      expect(html).toMatch(/<form id="chat-compose"[^>]*hx-swap-oob="true"/);
      expect(html).not.toContain(`value="${KEY}"`);
    }
  });

  it("shows a javascript: text as text and links an https address", async () => {
    const p = await givenPartner(t.db);
    const cookie = await t.cookieFor(p);
    await t.request("/chat/messages", { cookie, form: { body: "javascript:alert(1) и data:text/html,<b>x</b> и https://пример.рф/путь?a=1&b=2).", key: KEY } });
    const html = await (await t.request("/chat", { cookie })).text();
    expect(html).not.toMatch(/href="(javascript|data):/i);
    expect(html).toContain("javascript:alert(1)");
    expect(html).toContain("&lt;b&gt;x&lt;/b&gt;");
    expect(html).toContain('href="https://пример.рф/путь?a=1&amp;b=2" rel="noopener noreferrer nofollow" target="_blank"');
  });

  it("a deactivated partner cannot send", async () => {
    const p = await givenPartner(t.db);
    const cookie = await t.cookieFor(p);
    await t.db.update(users).set({ isActive: false }).where(eq(users.id, p.id));
    const res = await t.request("/chat/messages", { cookie, form: { body: "привет", key: KEY } });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toMatch(/^\/login/);
    expect((await listMessages(t.db, p.id)).messages).toHaveLength(0);
  });
});
