/** The admin's chat pages: the conversation list, one conversation, starting one, who may open them. */
import { eq } from "drizzle-orm";
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type User, users } from "../../db/schema.js";
import { t as ru } from "../../i18n/ru.js";
import { givenAdmin, givenPartner, snapshot } from "../../testing/fixtures.js";
import { createTestApp, type TestApp } from "../../testing/test-app.js";
import { adminUnreadTotal, listMessages, sendMessage } from "./chat.js";

let t: TestApp;
let admin: User;
let cookie: string;
beforeEach(async () => {
  t = await createTestApp();
  admin = await givenAdmin(t.db, { name: "Ирина Менеджер" });
  cookie = await t.cookieFor(admin);
});
afterEach(() => t.close());

let keys = 0;
const say = (partner: User, body: string, at = t.clock.now, from: User = partner) =>
  sendMessage(t.db, { partnerId: partner.id, senderId: from.id, fromAdmin: from.role === "admin", body, idempotencyKey: `key-${++keys}`, files: [] }, at);
const html = async (path: string, as = cookie) => {
  const res = await t.request(path, { cookie: as });
  expect(res.status, path).toBe(200);
  return res.text();
};

describe("GET /admin/chat", () => {
  it("lists conversations newest first with unread badges, «Вы: » on the admin's own last message, and an empty right pane", async () => {
    const anna = await givenPartner(t.db, { name: "Анна Старая", company: "ООО Альфа" });
    const boris = await givenPartner(t.db, { name: "Борис Новый", company: "ООО Бета" });
    await say(anna, "Вопрос Анны про выплату", t.clock.now - 3 * 86_400_000);
    await say(anna, "Ещё вопрос Анны", t.clock.now - 3 * 86_400_000 + 1000);
    await say(boris, "Привет от Бориса", t.clock.now - 60_000);
    await say(boris, "Ответ компании Борису", t.clock.now - 30_000, admin);
    const page = await html("/admin/chat");
    expect(page.indexOf("Борис Новый")).toBeGreaterThan(-1);
    expect(page.indexOf("Борис Новый")).toBeLessThan(page.indexOf("Анна Старая"));
    expect(page).toContain("ООО Альфа");
    expect(page).toContain("Ещё вопрос Анны");
    expect(page).toContain(`${ru.chatAdmin.you}Ответ компании Борису`);
    // Anna's two messages are unread; Boris's was answered, so nothing of his is.
    expect(page).toContain(ru.chatAdmin.unread(2));
    expect(page).not.toContain(ru.chatAdmin.unread(1));
    expect(page).toContain(`href="/admin/chat/${anna.id}"`);
    expect(page).toContain(`href="/admin/chat/${boris.id}"`);
    expect(page).toContain('href="/admin/chat/new"');
    expect(page).toContain(ru.chatAdmin.choose);
    // Older than today: a date, not a time.
    expect(page).toMatch(/\d\d\.\d\d\.\d{4}/);
  });

  it("searches by name, email, company and code; one partner's search never shows the other's preview", async () => {
    const anna = await givenPartner(t.db, { name: "Анна Поиск", company: "Ромашка", email: "anna-search@example.ru" });
    const boris = await givenPartner(t.db, { name: "Борис Другой", company: "Лютик", email: "boris@example.ru" });
    await say(anna, "секрет-анны");
    await say(boris, "секрет-бориса");
    for (const q of ["анна", "Ромашка", "anna-search", anna.partnerCode]) {
      const page = await html(`/admin/chat?q=${encodeURIComponent(q)}`);
      expect(page, q).toContain("секрет-анны");
      expect(page, q).not.toContain("секрет-бориса");
      expect(page, q).not.toContain("Борис Другой");
    }
    const none = await html("/admin/chat?q=nobody-at-all");
    expect(none).toContain(ru.chatAdmin.noMatches);
    expect(none).not.toContain("секрет-");
  });

  it("pages a long list with «Ещё разговоры»", async () => {
    const partners = [];
    for (let i = 0; i < 60; i++) partners.push(await givenPartner(t.db, { name: `Партнёр-${String(i).padStart(2, "0")}-имя` }));
    for (const [i, p] of partners.entries()) await say(p, `сообщение ${i}`, t.clock.now - (60 - i) * 1000);
    const first = await html("/admin/chat");
    expect(first).toContain("Партнёр-59-имя");
    expect(first).toContain(ru.chatAdmin.more);
    const next = /href="(\/admin\/chat\?[^"]*page=\d+[^"]*)"/.exec(first)?.[1]?.replaceAll("&amp;", "&");
    expect(next).toBeTruthy();
    const second = await html(next ?? "");
    expect(second).toContain("Партнёр-00-имя");
  });

  it("says so when there are no conversations yet", async () => {
    expect(await html("/admin/chat")).toContain(ru.chatAdmin.noConversations);
  });

  it("never answers 5xx to any typed search", async () => {
    const p = await givenPartner(t.db);
    await say(p, "hello");
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: "grapheme", maxLength: 60 }), async (q) => {
        for (const path of ["/admin/chat", "/admin/chat/new", `/admin/chat/${p.id}`]) {
          const res = await t.request(`${path}?q=${encodeURIComponent(q)}`, { cookie });
          expect(res.status, `${path} ${q}`).toBe(200);
          expect(await res.text()).not.toMatch(/<script>|\n\s+at /);
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe("GET /admin/chat/:partnerId", () => {
  it("shows the conversation with the list beside it, reads it for every admin, and the partner then sees «прочитано»", async () => {
    const partner = await givenPartner(t.db, { name: "Вера Читатель" });
    const other = await givenPartner(t.db, { name: "Глеб Соседний" });
    await say(partner, "Когда выплата?");
    await say(other, "Другой вопрос");
    const second = await givenAdmin(t.db);
    const secondCookie = await t.cookieFor(second);
    expect(await adminUnreadTotal(t.db)).toBe(2);
    expect(await html("/admin/chat/badge", secondCookie)).toContain(ru.chat.badge(2));
    expect(await html("/chat", await t.cookieFor(partner))).not.toContain(ru.chat.read);
    const page = await html(`/admin/chat/${partner.id}?q=`);
    expect(page).toContain(`<title>${ru.chatAdmin.conversationTitle("Вера Читатель")}`);
    expect(page).toContain("Когда выплата?");
    expect(page).toMatch(new RegExp(`href="/admin/chat/${partner.id}[^"]*"[^>]*aria-current="(page|true)"`));
    expect(page).toContain("Глеб Соседний");
    expect(page).toContain(`action="/admin/chat/${partner.id}/messages"`);
    expect(page).toContain(`/admin/chat/${partner.id}/updates?`);
    expect(page).toContain(ru.chatAdmin.back);
    // Read for every admin: the second admin's badge counts only the other conversation.
    expect(await adminUnreadTotal(t.db)).toBe(1);
    expect(await html("/admin/chat/badge", secondCookie)).toContain(ru.chat.badge(1));
    await html(`/admin/chat/${other.id}`);
    expect(await html("/admin/chat/badge", secondCookie)).not.toContain("непрочитан");
    const partnerPage = await html("/chat", await t.cookieFor(partner));
    expect(partnerPage).toContain(ru.chat.read);
  });

  it("keeps the search in the list pane", async () => {
    const anna = await givenPartner(t.db, { name: "Анна Фильтр" });
    const boris = await givenPartner(t.db, { name: "Борис Фильтр" });
    await say(anna, "a");
    await say(boris, "b");
    const page = await html(`/admin/chat/${anna.id}?q=${encodeURIComponent("Анна")}`);
    expect(page).not.toContain("Борис Фильтр");
    expect(page).toContain('value="Анна"');
  });

  it("starts a conversation with a partner who never wrote", async () => {
    const partner = await givenPartner(t.db, { name: "Дмитрий Молчун" });
    const page = await html(`/admin/chat/${partner.id}`);
    expect(page).toContain(ru.chatAdmin.emptyConversation("Дмитрий Молчун"));
    expect(page).toContain(`action="/admin/chat/${partner.id}/messages"`);
    const res = await t.request(`/admin/chat/${partner.id}/messages`, { cookie, form: { body: "Здравствуйте, Дмитрий!", key: "start-key-0123456789" } });
    expect(res.status).toBe(303);
    const { messages } = await listMessages(t.db, partner.id);
    expect(messages.map((m) => [m.body, m.fromAdmin, m.senderId])).toEqual([["Здравствуйте, Дмитрий!", true, admin.id]]);
    expect(await html("/admin/chat")).toContain("Дмитрий Молчун");
  });

  it("shows a deactivated partner's history without the form and refuses a send with 422, storing nothing", async () => {
    const partner = await givenPartner(t.db, { name: "Ефим Отключён" });
    await say(partner, "Старое сообщение");
    await t.db.update(users).set({ isActive: false }).where(eq(users.id, partner.id));
    const page = await html(`/admin/chat/${partner.id}`);
    expect(page).toContain("Старое сообщение");
    expect(page).toContain(ru.chatAdmin.partnerInactive);
    expect(page).not.toContain(`action="/admin/chat/${partner.id}/messages"`);
    const before = await snapshot(t.client);
    const res = await t.request(`/admin/chat/${partner.id}/messages`, { cookie, form: { body: "Можно?", key: "inactive-key-0123456789" } });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain(ru.chatAdmin.partnerInactive);
    expect(await snapshot(t.client)).toBe(before);
  });

  it("answers 404 for an unknown id, a pending or rejected partner, an admin and a malformed id", async () => {
    const pending = await givenPartner(t.db, { approvalStatus: "pending", isActive: false, decidedAt: null });
    const rejected = await givenPartner(t.db, { approvalStatus: "rejected", isActive: false });
    for (const id of ["999999", String(pending.id), String(rejected.id), String(admin.id), "abc", "1e3", "-1"]) {
      for (const path of [`/admin/chat/${id}`, `/admin/chat/${id}/messages?before=5`, `/admin/chat/${id}/updates?after=0&v=0&r=0`]) {
        expect((await t.request(path, { cookie })).status, path).toBe(404);
      }
      const before = await snapshot(t.client);
      const post = await t.request(`/admin/chat/${id}/messages`, { cookie, form: { body: "x", key: "nobody-key-0123456789" } });
      expect(post.status, id).toBe(404);
      expect(await snapshot(t.client)).toBe(before);
    }
  });
});

describe("GET /admin/chat/new", () => {
  it("lists active partners to write to, those who never wrote first, with a plain search form", async () => {
    const talker = await givenPartner(t.db, { name: "Аркадий Пишущий" });
    const silent = await givenPartner(t.db, { name: "Яков Молчащий" });
    await givenPartner(t.db, { name: "Олег Отключённый", isActive: false });
    await givenPartner(t.db, { name: "Пётр Ожидающий", approvalStatus: "pending", isActive: false, decidedAt: null });
    await say(talker, "я уже писал");
    const page = await html("/admin/chat/new");
    expect(page).toContain('method="get"');
    expect(page).toContain(`href="/admin/chat/${silent.id}"`);
    expect(page).toContain(`href="/admin/chat/${talker.id}"`);
    expect(page.indexOf("Яков Молчащий")).toBeLessThan(page.indexOf("Аркадий Пишущий"));
    expect(page).not.toContain("Олег Отключённый");
    expect(page).not.toContain("Пётр Ожидающий");
    const found = await html(`/admin/chat/new?q=${encodeURIComponent("Яков")}`);
    expect(found).toContain("Яков Молчащий");
    expect(found).not.toContain("Аркадий Пишущий");
    expect(await html("/admin/chat/new?q=nobody-at-all")).toContain(ru.chatAdmin.noPartners);
  });
});

describe("who may open the admin's chat", () => {
  it("answers 404 to a partner on every /admin/chat route, storing nothing", async () => {
    const partner = await givenPartner(t.db);
    const other = await givenPartner(t.db);
    const sent = await say(other, "чужое", t.clock.now, admin);
    const partnerCookie = await t.cookieFor(partner);
    const before = await snapshot(t.client);
    const gets = [
      "/admin/chat",
      "/admin/chat/new",
      "/admin/chat/badge",
      `/admin/chat/${other.id}`,
      `/admin/chat/${other.id}/messages?before=${sent.messageId}`,
      `/admin/chat/${other.id}/updates?after=0&v=0&r=0`,
    ];
    for (const path of gets) expect((await t.request(path, { cookie: partnerCookie })).status, path).toBe(404);
    for (const path of [`/admin/chat/${other.id}/messages`, `/admin/chat/${other.id}/messages/${sent.messageId}/deletion`]) {
      const res = await t.request(path, { cookie: partnerCookie, form: { body: "x", key: "partner-key-0123456789", confirmed: "1" } });
      expect(res.status, path).toBe(404);
    }
    expect(await snapshot(t.client)).toBe(before);
  });
});

describe("the admin's partner page", () => {
  it("offers «Написать партнёру» for an approved partner only", async () => {
    const approved = await givenPartner(t.db);
    const pending = await givenPartner(t.db, { approvalStatus: "pending", isActive: false, decidedAt: null });
    const page = await html(`/admin/partners/${approved.id}`);
    expect(page).toContain(`href="/admin/chat/${approved.id}"`);
    expect(page).toContain(ru.chatAdmin.writeToPartner);
    const res = await t.request(`/admin/partners/${pending.id}`, { cookie });
    expect(await res.text()).not.toContain(`href="/admin/chat/${pending.id}"`);
  });
});
