import { count, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { attachments, auditLog, chatMessages } from "../../db/schema.js";
import { givenAdmin, givenPartner } from "../../testing/fixtures.js";
import { createTestApp, type TestApp } from "../../testing/test-app.js";
import type { StoredAttachment } from "../attachments/attachments.js";
import {
  adminUnreadTotal,
  DELETE_WINDOW_MS,
  deleteCompanyMessage,
  getConversationState,
  listMessages,
  markReadByAdmin,
  markReadByPartner,
  partnerUnreadCount,
  sendMessage,
} from "./chat.js";
import { listConversations, listPartnersToStart } from "./conversations.js";
import { conversationVersion } from "./versions.js";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});

const file = (name: string): StoredAttachment => ({
  storedName: `${name}-${Math.random().toString(16).slice(2)}.pdf`,
  thumbName: null,
  originalName: `${name}.pdf`,
  mime: "application/pdf",
  kind: "file",
  bytes: 10,
  width: null,
  height: null,
});

describe("chat domain", () => {
  it("keeps unread counts and read marks per side, shared among admins", async () => {
    const p = await givenPartner(t.db);
    const admin = await givenAdmin(t.db);
    const admin2 = await givenAdmin(t.db);
    const now = t.clock.now;
    await sendMessage(t.db, { partnerId: p.id, senderId: admin.id, fromAdmin: true, body: "Здравствуйте", idempotencyKey: "k1", files: [] }, now);
    expect(await partnerUnreadCount(t.db, p.id)).toBe(1);
    expect(await adminUnreadTotal(t.db)).toBe(0);
    await sendMessage(t.db, { partnerId: p.id, senderId: p.id, fromAdmin: false, body: "Привет", idempotencyKey: "k2", files: [file("a")] }, now + 1);
    // Writing marks what the partner has seen as read.
    expect(await partnerUnreadCount(t.db, p.id)).toBe(0);
    expect(await adminUnreadTotal(t.db)).toBe(1);
    const v = await conversationVersion(t.db, p.id);
    expect(await markReadByAdmin(t.db, p.id)).toBe(v + 1);
    expect(await adminUnreadTotal(t.db)).toBe(0);
    expect(await conversationVersion(t.db, p.id)).toBe(v + 1);
    // Nothing unread: no write, version unchanged.
    expect(await markReadByPartner(t.db, p.id)).toBeNull();
    expect(await conversationVersion(t.db, p.id)).toBe(v + 1);
    await sendMessage(t.db, { partnerId: p.id, senderId: admin2.id, fromAdmin: true, body: "Второй менеджер", idempotencyKey: "k1", files: [] }, now + 2);
    const page = await listMessages(t.db, p.id);
    expect(page.messages.map((m) => [m.body, m.fromAdmin, m.senderName, m.read, m.attachments.length])).toEqual([
      ["Здравствуйте", true, admin.name, true, 0],
      ["Привет", false, null, true, 1],
      ["Второй менеджер", true, admin2.name, false, 0],
    ]);
  });

  it("stores one message for a repeated idempotency key, files included", async () => {
    const p = await givenPartner(t.db);
    const f = file("doc");
    const first = await sendMessage(t.db, { partnerId: p.id, senderId: p.id, fromAdmin: false, body: "Раз", idempotencyKey: "same", files: [f] }, t.clock.now);
    const again = await sendMessage(
      t.db,
      { partnerId: p.id, senderId: p.id, fromAdmin: false, body: "Раз", idempotencyKey: "same", files: [file("doc")] },
      t.clock.now,
    );
    expect(first.created).toBe(true);
    expect(again).toEqual({ messageId: first.messageId, created: false });
    expect((await t.db.select({ n: count() }).from(chatMessages).get())?.n).toBe(1);
    expect((await t.db.select({ n: count() }).from(attachments).get())?.n).toBe(1);
    expect(await adminUnreadTotal(t.db)).toBe(1);
  });

  it("pages older history and polls what came after", async () => {
    const p = await givenPartner(t.db);
    for (let i = 1; i <= 35; i++)
      await sendMessage(t.db, { partnerId: p.id, senderId: p.id, fromAdmin: false, body: `m${i}`, idempotencyKey: `k${i}`, files: [] }, t.clock.now + i);
    const newest = await listMessages(t.db, p.id);
    expect(newest.messages).toHaveLength(30);
    expect(newest.messages[0]?.body).toBe("m6");
    expect(newest.hasOlder).toBe(true);
    const older = await listMessages(t.db, p.id, { before: newest.messages[0]?.id });
    expect(older.messages.map((m) => m.body)).toEqual(["m1", "m2", "m3", "m4", "m5"]);
    expect(older.hasOlder).toBe(false);
    const after = await listMessages(t.db, p.id, { after: newest.messages[28]?.id });
    expect(after.messages.map((m) => m.body)).toEqual(["m35"]);
  });

  it("lets an admin delete a company message within ten minutes, audited, and nothing else", async () => {
    const p = await givenPartner(t.db);
    const other = await givenPartner(t.db);
    const admin = await givenAdmin(t.db);
    const now = t.clock.now;
    const mine = await sendMessage(
      t.db,
      { partnerId: p.id, senderId: admin.id, fromAdmin: true, body: "Ошибся", idempotencyKey: "a", files: [file("x")] },
      now,
    );
    const theirs = await sendMessage(t.db, { partnerId: p.id, senderId: p.id, fromAdmin: false, body: "Моё", idempotencyKey: "b", files: [] }, now);
    expect(await deleteCompanyMessage(t.db, other.id, mine.messageId, admin.id, now)).toEqual({ ok: false, reason: "not_found" });
    expect(await deleteCompanyMessage(t.db, p.id, theirs.messageId, admin.id, now)).toEqual({ ok: false, reason: "not_company" });
    expect(await deleteCompanyMessage(t.db, p.id, mine.messageId, admin.id, now + DELETE_WINDOW_MS + 1)).toEqual({ ok: false, reason: "too_late" });
    const deleted = await deleteCompanyMessage(t.db, p.id, mine.messageId, admin.id, now + 1000);
    expect(deleted.ok && deleted.files).toHaveLength(1);
    expect(await partnerUnreadCount(t.db, p.id)).toBe(0);
    const [first] = (await listMessages(t.db, p.id)).messages;
    expect(first).toMatchObject({ deleted: true, body: "", attachments: [] });
    expect(await t.db.select().from(auditLog).where(eq(auditLog.action, "chat.message_delete"))).toHaveLength(1);
    expect(await deleteCompanyMessage(t.db, p.id, mine.messageId, admin.id, now + 2000)).toEqual({ ok: false, reason: "not_found" });
  });

  it("lists conversations newest first with a search, and partners to start with", async () => {
    const a = await givenPartner(t.db, { name: "Анна Смирнова" });
    const b = await givenPartner(t.db, { name: "Борис Иванов" });
    await givenPartner(t.db, { name: "Вера Новая" });
    await sendMessage(t.db, { partnerId: a.id, senderId: a.id, fromAdmin: false, body: "Первое\nсообщение", idempotencyKey: "1", files: [] }, t.clock.now);
    await sendMessage(t.db, { partnerId: b.id, senderId: b.id, fromAdmin: false, body: "Позже", idempotencyKey: "1", files: [] }, t.clock.now + 5);
    const all = await listConversations(t.db, { search: "", limit: 10, offset: 0 });
    expect(all.rows.map((r) => [r.name, r.preview, r.adminUnread])).toEqual([
      ["Борис Иванов", "Позже", 1],
      ["Анна Смирнова", "Первое сообщение", 1],
    ]);
    expect((await listConversations(t.db, { search: "СМИРН", limit: 10, offset: 0 })).rows.map((r) => r.partnerId)).toEqual([a.id]);
    expect((await listConversations(t.db, { search: "%", limit: 10, offset: 0 })).rows).toHaveLength(0);
    const start = await listPartnersToStart(t.db, { search: "", limit: 10 });
    expect(start[0]?.name).toBe("Вера Новая");
    expect((await getConversationState(t.db, a.id)).adminUnread).toBe(1);
  });
});
