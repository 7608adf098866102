/** The admin writes in a conversation (text, files, no audit) and takes back a company message within 10 minutes (audited). */
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gt } from "drizzle-orm";
import sharp from "sharp";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { auditLog, type User } from "../../db/schema.js";
import { t as ru } from "../../i18n/ru.js";
import { givenAdmin, givenPartner, snapshot } from "../../testing/fixtures.js";
import { cookiesFrom, createTestApp, TEST_ORIGIN, type TestApp } from "../../testing/test-app.js";
import { DELETE_WINDOW_MS, listMessages, partnerUnreadCount, sendMessage } from "./chat.js";

let t: TestApp;
let uploads: string;
let admin: User;
let partner: User;
let cookie: string;
beforeEach(async () => {
  uploads = await mkdtemp(join(tmpdir(), "admin-chat-test-"));
  t = await createTestApp({ UPLOAD_DIR: uploads });
  admin = await givenAdmin(t.db, { name: "Ирина Менеджер" });
  partner = await givenPartner(t.db, { name: "Вера Партнёр" });
  cookie = await t.cookieFor(admin);
});
afterEach(async () => {
  t.close();
  await rm(uploads, { recursive: true, force: true });
});

const KEY = "admin-key-0123456789";
const base = (p: User = partner) => `/admin/chat/${p.id}`;
const audits = (after = 0) => t.db.select().from(auditLog).where(gt(auditLog.id, after)).orderBy(auditLog.id);
const lastAudit = async () => (await audits()).at(-1)?.id ?? 0;
const stored = async () => (await readdir(join(uploads, "attachments")).catch(() => [])).sort();
const PDF: Uint8Array<ArrayBuffer> = new TextEncoder().encode("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
const png = async () =>
  new Uint8Array(
    await sharp({ create: { width: 40, height: 30, channels: 3, background: "#3c3" } })
      .png()
      .toBuffer(),
  );

async function multipart(path: string, fields: Record<string, string>, files: { name: string; bytes: Uint8Array<ArrayBuffer>; type: string }[]) {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  for (const f of files) body.append("files", new Blob([f.bytes], { type: f.type }), f.name);
  return t.app.request(`${TEST_ORIGIN}${path}`, { method: "POST", body, headers: { cookie, origin: TEST_ORIGIN } });
}

describe("POST /admin/chat/:partnerId/messages", () => {
  it("sends as the company (303 to the message), once per key, with no audit row; the partner gets one unread", async () => {
    const mark = await lastAudit();
    const res = await t.request(`${base()}/messages`, { cookie, form: { body: "Добрый день, Вера!", key: KEY } });
    expect(res.status).toBe(303);
    const [message] = (await listMessages(t.db, partner.id)).messages;
    expect(res.headers.get("location")).toBe(`${base()}#message-${message?.id}`);
    expect(message).toMatchObject({ body: "Добрый день, Вера!", fromAdmin: true, senderId: admin.id, senderName: "Ирина Менеджер" });
    expect((await t.request(`${base()}/messages`, { cookie, form: { body: "Добрый день, Вера!", key: KEY } })).status).toBe(303);
    expect((await listMessages(t.db, partner.id)).messages).toHaveLength(1);
    expect(await partnerUnreadCount(t.db, partner.id)).toBe(1);
    expect(await audits(mark)).toEqual([]);
    const partnerPage = await (await t.request("/chat", { cookie: await t.cookieFor(partner) })).text();
    expect(partnerPage).toContain("Добрый день, Вера!");
    expect(partnerPage).toContain("Ирина Менеджер");
  });

  it("answers htmx with the new message and a fresh form", async () => {
    const res = await t.request(`${base()}/messages`, {
      cookie,
      headers: { "hx-request": "true" },
      form: { body: "Через htmx", key: KEY, after: "0", r: "0" },
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Через htmx");
    expect(html).toContain('id="chat-compose"');
    expect(html).not.toContain(`value="${KEY}"`);
  });

  it("refuses an empty message and 5 001 characters with a Russian message, storing nothing", async () => {
    const before = await snapshot(t.client);
    const empty = await t.request(`${base()}/messages`, { cookie, form: { body: " \n ", key: KEY } });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain(ru.chat.errors.empty);
    const long = await t.request(`${base()}/messages`, { cookie, form: { body: "ж".repeat(5001), key: KEY } });
    expect(long.status).toBe(422);
    const text = await long.text();
    expect(text).toContain(ru.chat.errors.tooLong(5000, 5001));
    // The typed text comes back so nothing is lost.
    expect(text).toContain("ж".repeat(100));
    expect(await snapshot(t.client)).toBe(before);
    expect((await t.request(`${base()}/messages`, { cookie, form: { body: "ж".repeat(5000), key: KEY } })).status).toBe(303);
  });

  it("sends a photo and a PDF; a repeat with the same key keeps no second copy on disk; a bad file is refused by name", async () => {
    const files = [
      { name: "схема.png", bytes: await png(), type: "image/png" },
      { name: "Акт.pdf", bytes: PDF, type: "application/pdf" },
    ];
    const res = await multipart(`${base()}/messages`, { body: "Акт и схема", key: KEY }, files);
    expect(res.status).toBe(303);
    const [message] = (await listMessages(t.db, partner.id)).messages;
    expect(message?.attachments.map((a) => [a.kind, a.originalName])).toEqual([
      ["image", "схема.png"],
      ["file", "Акт.pdf"],
    ]);
    const onDisk = await stored();
    expect(onDisk.length).toBeGreaterThanOrEqual(2);
    expect((await multipart(`${base()}/messages`, { body: "Акт и схема", key: KEY }, files)).status).toBe(303);
    expect(await stored()).toEqual(onDisk);
    const pdf = message?.attachments[1];
    expect((await t.request(`/attachments/${pdf?.id}`, { cookie: await t.cookieFor(partner) })).status).toBe(200);
    expect((await t.request(`/attachments/${pdf?.id}`, { cookie: await t.cookieFor(await givenPartner(t.db)) })).status).toBe(404);
    const list = await (await t.request("/admin/chat", { cookie })).text();
    expect(list).toContain(`${ru.chatAdmin.you}Акт и схема`);

    const before = await snapshot(t.client);
    const bad = await multipart(`${base()}/messages`, { body: "ещё", key: `${KEY}-bad` }, [{ name: "вирус.pdf", bytes: await png(), type: "application/pdf" }]);
    expect(bad.status).toBeGreaterThanOrEqual(400);
    expect(bad.status).toBeLessThan(500);
    expect(await bad.text()).toContain("«вирус.pdf»");
    expect(await snapshot(t.client)).toBe(before);
    expect(await stored()).toEqual(onDisk);
  });

  it("shows «📎 N файлов» in the list for a message of files only", async () => {
    const res = await multipart(`${base()}/messages`, { body: "", key: KEY }, [
      { name: "a.pdf", bytes: PDF, type: "application/pdf" },
      { name: "b.pdf", bytes: PDF, type: "application/pdf" },
    ]);
    expect(res.status).toBe(303);
    expect(await (await t.request("/admin/chat", { cookie })).text()).toContain(ru.chatAdmin.files(2));
  });
});

describe("POST /admin/chat/:partnerId/messages/:messageId/deletion", () => {
  const sendWithFile = async () => {
    const res = await multipart(`${base()}/messages`, { body: "Неверный счёт, не смотрите", key: KEY }, [
      { name: "счёт.pdf", bytes: PDF, type: "application/pdf" },
    ]);
    expect(res.status).toBe(303);
    const [message] = (await listMessages(t.db, partner.id)).messages;
    if (!message) throw new Error("not sent");
    return message;
  };

  it("asks first, then deletes within 10 minutes: one audit row, the file gone, «Сообщение удалено» on both sides", async () => {
    const message = await sendWithFile();
    const url = `${base()}/messages/${message.id}/deletion`;
    const partnerCookie = await t.cookieFor(partner);
    const partnerPage = await (await t.request("/chat", { cookie: partnerCookie })).text();
    const poll = /hx-get="(\/chat\/updates\?[^"]+)"/.exec(partnerPage)?.[1]?.replaceAll("&amp;", "&") ?? "";
    expect(poll).toContain(`after=${message.id}`);

    const before = await snapshot(t.client);
    const question = await t.request(url, { cookie, form: {} });
    expect(question.status).toBe(200);
    const asked = await question.text();
    expect(asked).toContain(ru.chatAdmin.deleteQuestion("Неверный счёт, не смотрите"));
    expect(asked).toContain('name="confirmed" value="1"');
    expect(await snapshot(t.client)).toBe(before);

    const onDisk = await stored();
    expect(onDisk.length).toBeGreaterThan(0);
    const mark = await lastAudit();
    t.clock.advance(DELETE_WINDOW_MS - 1000);
    const res = await t.request(url, { cookie, form: { confirmed: "1" } });
    expect(res.status).toBe(303);
    const shown = await (await t.request(res.headers.get("location") ?? "", { cookie: cookiesFrom(res, cookie) })).text();
    expect(shown).toContain(ru.chatAdmin.deleted);
    expect(shown).not.toContain("Неверный счёт");
    expect(await audits(mark)).toMatchObject([{ action: "chat.message_delete", actorId: admin.id, partnerId: partner.id, entityId: message.id }]);
    expect(await stored()).toEqual([]);
    const [after] = (await listMessages(t.db, partner.id)).messages;
    expect(after).toMatchObject({ id: message.id, deleted: true, body: "", attachments: [] });
    // The partner's open page replaces the message on its next poll.
    const polled = await t.request(poll, { cookie: partnerCookie, headers: { "hx-request": "true" } });
    expect(polled.status).toBe(200);
    const replaced = await polled.text();
    expect(replaced).toContain(`id="message-${message.id}"`);
    expect(replaced).toContain(ru.chat.deleted);
    expect(replaced).not.toContain("Неверный счёт");
    // Again: the message is gone.
    expect((await t.request(url, { cookie, form: { confirmed: "1" } })).status).toBe(404);
  });

  it("refuses after 10 minutes with the reason as an error flash, changing nothing", async () => {
    const message = await sendWithFile();
    t.clock.advance(DELETE_WINDOW_MS + 1000);
    // A session of the new moment, so the snapshot sees no session extension.
    cookie = await t.cookieFor(admin);
    const before = await snapshot(t.client);
    const onDisk = await stored();
    const res = await t.request(`${base()}/messages/${message.id}/deletion`, { cookie, form: { confirmed: "1" } });
    // Back to the conversation with the reason as an error flash (without JS the page itself is the answer).
    expect(res.status).toBe(303);
    const shown = await (await t.request(res.headers.get("location") ?? "", { cookie: cookiesFrom(res, cookie) })).text();
    expect(shown).toContain(ru.chatAdmin.tooLate);
    expect(await snapshot(t.client)).toBe(before);
    expect(await stored()).toEqual(onDisk);
    // The page no longer offers the button.
    const page = await (await t.request(base(), { cookie })).text();
    expect(page).not.toContain(`/messages/${message.id}/deletion`);
  });

  it("answers 404 for the partner's own message, another conversation's message and a malformed id", async () => {
    const own = await sendMessage(
      t.db,
      { partnerId: partner.id, senderId: partner.id, fromAdmin: false, body: "моё", idempotencyKey: "p-1", files: [] },
      t.clock.now,
    );
    const other = await givenPartner(t.db);
    const foreign = await sendMessage(
      t.db,
      { partnerId: other.id, senderId: admin.id, fromAdmin: true, body: "чужое", idempotencyKey: "a-1", files: [] },
      t.clock.now,
    );
    const before = await snapshot(t.client);
    for (const id of [String(own.messageId), String(foreign.messageId), "999999", "abc", "0"]) {
      const res = await t.request(`${base()}/messages/${id}/deletion`, { cookie, form: { confirmed: "1" } });
      expect(res.status, id).toBe(404);
    }
    // Another conversation's message under its own partner is still deletable: the 404 above was about the pairing.
    expect(await snapshot(t.client)).toBe(before);
    expect((await t.request(`${base(other)}/messages/${foreign.messageId}/deletion`, { cookie, form: { confirmed: "1" } })).status).toBe(303);
  });
});
