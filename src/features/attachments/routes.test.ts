/**
 * Downloads (/attachments/:id, /attachments/:id/thumb): only for the partner of the conversation or
 * the notification's recipients, and admins; another partner's file is the same 404 as a missing one.
 * Files are streamed with headers that keep a browser from running or sniffing them.
 */
import { mkdir, mkdtemp, rm, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { User } from "../../db/schema.js";
import { randomName } from "../../lib/upload-stream.js";
import { givenAdmin, givenPartner } from "../../testing/fixtures.js";
import { createTestApp, type TestApp } from "../../testing/test-app.js";
import { deleteCompanyMessage, sendMessage } from "../chat/chat.js";
import { sendAdminNotification } from "../notifications/notifications.js";
import { attachmentsOfMessages, attachmentsOfNotifications, type StoredAttachment } from "./attachments.js";
import * as sample from "./sample-files.js";
import { attachmentDir, storeAttachments } from "./store.js";

let t: TestApp;
let uploads: string;
let admin: User;
let a: User;
let b: User;
beforeEach(async () => {
  uploads = await mkdtemp(join(tmpdir(), "attachments-routes-"));
  t = await createTestApp({ UPLOAD_DIR: uploads });
  admin = await givenAdmin(t.db);
  a = await givenPartner(t.db, { email: "a@example.ru", name: "Анна" });
  b = await givenPartner(t.db, { email: "b@example.ru", name: "Борис" });
});
afterEach(async () => {
  t.close();
  await rm(uploads, { recursive: true, force: true });
});

async function stored(files: [name: string, bytes: Uint8Array][]): Promise<StoredAttachment[]> {
  const dir = attachmentDir(uploads);
  await mkdir(dir, { recursive: true });
  const received = await Promise.all(
    files.map(async ([name, bytes]) => {
      const path = join(dir, `${randomName()}.partial`);
      await writeFile(path, bytes);
      return { name, path, bytes: bytes.byteLength };
    }),
  );
  const result = await storeAttachments(uploads, received);
  if (!result.ok) throw new Error(result.problem);
  return result.stored;
}

/** A message in partner's conversation with these files; answers the attachment ids in order. */
async function messageWith(partner: User, files: [string, Uint8Array][], from: User = partner) {
  const key = randomName();
  const { messageId } = await sendMessage(
    t.db,
    { partnerId: partner.id, senderId: from.id, fromAdmin: from.role === "admin", body: "", idempotencyKey: key, files: await stored(files) },
    t.clock.now,
  );
  return { messageId, ids: ((await attachmentsOfMessages(t.db, [messageId])).get(messageId) ?? []).map((x) => x.id) };
}

const get = async (path: string, user: User | null, method = "GET") => t.request(path, { method, cookie: user ? await t.cookieFor(user) : undefined });

describe("downloads", () => {
  it("streams a PDF as an attachment with the safety headers and a Cyrillic name both ways", async () => {
    const bytes = sample.pdf();
    const { ids } = await messageWith(a, [["Договор № 5 «Весна».pdf", bytes]]);
    const res = await get(`/attachments/${ids[0]}`, a);
    expect(res.status).toBe(200);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(bytes);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("content-length")).toBe(String(bytes.byteLength));
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-security-policy")).toBe("sandbox; default-src 'none'");
    expect(res.headers.get("cache-control")).toMatch(/private|no-store/);
    const disposition = res.headers.get("content-disposition") ?? "";
    expect(disposition).toMatch(/^attachment; filename="[\x20-\x7e]*"; filename\*=UTF-8''/);
    const ascii = /filename="([^"]*)"/.exec(disposition)?.[1] ?? "";
    expect(ascii).toMatch(/\.pdf$/);
    expect(ascii).not.toMatch(/["\\]/);
    expect(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(disposition)?.[1] ?? "")).toBe("Договор № 5 «Весна».pdf");
  });

  it("serves a re-encoded image and its thumbnail inline; a non-image has no thumbnail", async () => {
    const { ids } = await messageWith(a, [
      ["фото.png", await sample.png(900, 600)],
      ["заметка.txt", sample.text("Привет")],
    ]);
    const full = await get(`/attachments/${ids[0]}`, a);
    expect(full.status).toBe(200);
    expect(full.headers.get("content-type")).toBe("image/png");
    expect(full.headers.get("content-disposition")).toMatch(/^inline; /);
    const thumb = await get(`/attachments/${ids[0]}/thumb`, a);
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get("content-type")).toBe("image/webp");
    expect(thumb.headers.get("content-disposition")).toMatch(/^inline; /);
    expect(thumb.headers.get("content-security-policy")).toBe("sandbox; default-src 'none'");
    const text = await get(`/attachments/${ids[1]}`, a);
    expect(text.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(text.headers.get("content-disposition")).toMatch(/^attachment; /);
    expect((await get(`/attachments/${ids[1]}/thumb`, a)).status).toBe(404);
  });

  it("answers HEAD with the headers and no body", async () => {
    const { ids } = await messageWith(a, [["a.pdf", sample.pdf()]]);
    const res = await get(`/attachments/${ids[0]}`, a, "HEAD");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-length")).toBe(String(sample.pdf().byteLength));
    expect(await res.text()).toBe("");
  });
});

describe("who may download", () => {
  it("another partner gets the same 404 as for a missing id; an admin gets any", async () => {
    const { ids } = await messageWith(a, [["a.pdf", sample.pdf()]]);
    const foreign = await get(`/attachments/${ids[0]}`, b);
    const missing = await get("/attachments/999999", b);
    expect(foreign.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(await foreign.text()).toBe(await missing.text());
    expect((await get(`/attachments/${ids[0]}/thumb`, b)).status).toBe(404);
    expect((await get(`/attachments/${ids[0]}`, admin)).status).toBe(200);
    // The company's message in A's conversation: A and admins, not B.
    const fromAdmin = await messageWith(a, [["ответ.pdf", sample.pdf()]], admin);
    expect((await get(`/attachments/${fromAdmin.ids[0]}`, a)).status).toBe(200);
    expect((await get(`/attachments/${fromAdmin.ids[0]}`, b)).status).toBe(404);
  });

  it("a deleted message's files are gone for the partner", async () => {
    const { messageId, ids } = await messageWith(a, [["a.pdf", sample.pdf()]], admin);
    expect((await get(`/attachments/${ids[0]}`, a)).status).toBe(200);
    expect(await deleteCompanyMessage(t.db, a.id, messageId, admin.id, t.clock.now)).toMatchObject({ ok: true });
    expect((await get(`/attachments/${ids[0]}`, a)).status).toBe(404);
  });

  it("a broadcast's file reaches every partner who joined before it, not a later one", async () => {
    await sendAdminNotification(
      t.db,
      { title: "Новости", message: "Прайс", targetUserId: null, createdBy: admin.id, files: await stored([["прайс.pdf", sample.pdf()]]) },
      t.clock.now,
    );
    const [id] = await notificationAttachmentIds();
    t.clock.advance(60_000);
    const later = await givenPartner(t.db, { email: "later@example.ru", createdAt: t.clock.now });
    expect((await get(`/attachments/${id}`, a)).status).toBe(200);
    expect((await get(`/attachments/${id}`, b)).status).toBe(200);
    expect((await get(`/attachments/${id}`, later)).status).toBe(404);
  });

  it("a notification to one partner is that partner's only", async () => {
    await sendAdminNotification(
      t.db,
      { title: "Лично", message: "Акт", targetUserId: a.id, createdBy: admin.id, files: await stored([["акт.pdf", sample.pdf()]]) },
      t.clock.now,
    );
    const [id] = await notificationAttachmentIds();
    expect((await get(`/attachments/${id}`, a)).status).toBe(200);
    expect((await get(`/attachments/${id}`, b)).status).toBe(404);
  });

  it("anonymous → the login page; a malformed id → 404", async () => {
    const { ids } = await messageWith(a, [["a.pdf", sample.pdf()]]);
    const res = await get(`/attachments/${ids[0]}`, null);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toMatch(/^\/login/);
    expect((await get("/attachments/1abc", a)).status).toBe(404);
    expect((await get("/attachments/0", a)).status).toBe(404);
  });

  it("a row whose file is missing on disk → 404 and a warn line", async () => {
    const files = await stored([["b.pdf", sample.pdf()]]);
    const msg = await sendMessage(t.db, { partnerId: a.id, senderId: a.id, fromAdmin: false, body: "", idempotencyKey: randomName(), files }, t.clock.now);
    const id = (await attachmentsOfMessages(t.db, [msg.messageId])).get(msg.messageId)?.[0]?.id;
    await unlink(join(attachmentDir(uploads), files[0]?.storedName ?? ""));
    expect((await get(`/attachments/${id}`, a)).status).toBe(404);
    expect(t.logLines.some((l) => l.includes("attachment file missing"))).toBe(true);
  });
});

async function notificationAttachmentIds(): Promise<number[]> {
  const rows = await t.client.execute("select id from notifications order by id desc limit 1");
  const notificationId = Number(rows.rows[0]?.id);
  return ((await attachmentsOfNotifications(t.db, [notificationId])).get(notificationId) ?? []).map((x) => x.id);
}
