import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import sharp from "sharp";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { t as ru } from "../../i18n/ru.js";
import { givenAdmin, givenPartner, snapshot } from "../../testing/fixtures.js";
import { createTestApp, TEST_ORIGIN, type TestApp } from "../../testing/test-app.js";
import { adminUnreadTotal, listMessages, partnerUnreadCount, sendMessage } from "./chat.js";

let t: TestApp;
let uploads: string;
beforeEach(async () => {
  uploads = await mkdtemp(join(tmpdir(), "chat-test-"));
  t = await createTestApp({ UPLOAD_DIR: uploads });
});
afterEach(async () => {
  t.close();
  await rm(uploads, { recursive: true, force: true });
});

const KEY = "abcdefghijklmnop0123";
const htmx = { "hx-request": "true" };

async function multipart(
  path: string,
  cookie: string,
  fields: Record<string, string>,
  files: { name: string; bytes: Uint8Array; type?: string }[],
  headers = {},
) {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  for (const f of files) body.append("files", new Blob([new Uint8Array(f.bytes)], { type: f.type ?? "application/octet-stream" }), f.name);
  return t.app.request(`${TEST_ORIGIN}${path}`, { method: "POST", body, headers: { cookie, origin: TEST_ORIGIN, ...headers } });
}
const png = () =>
  sharp({ create: { width: 40, height: 30, channels: 3, background: "#c33" } })
    .png()
    .toBuffer();
const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

describe("partner /chat", () => {
  it("shows both sides in order, reads the company's messages on opening, and clears the badge", async () => {
    const p = await givenPartner(t.db);
    const admin = await givenAdmin(t.db, { name: "Ирина Менеджер" });
    await sendMessage(t.db, { partnerId: p.id, senderId: admin.id, fromAdmin: true, body: "Добрый день!", idempotencyKey: "k1", files: [] }, t.clock.now);
    const cookie = await t.cookieFor(p);
    expect(await (await t.request("/chat/badge", { cookie })).text()).toContain("1 непрочитанное сообщение");
    const res = await t.request("/chat", { cookie });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Добрый день!");
    expect(html).toContain("Ирина Менеджер");
    expect(html).toContain(ru.chat.today);
    expect(await partnerUnreadCount(t.db, p.id)).toBe(0);
    expect(await (await t.request("/chat/badge", { cookie })).text()).not.toContain("непрочитан");
  });

  it("sends text without JS (303) and with htmx (the message and a fresh form), one message per key", async () => {
    const p = await givenPartner(t.db);
    const cookie = await t.cookieFor(p);
    const plain = await t.request("/chat/messages", { cookie, form: { body: "Первое\nсообщение", key: KEY } });
    expect(plain.status).toBe(303);
    expect(plain.headers.get("location")).toMatch(/^\/chat#message-\d+$/);
    const again = await t.request("/chat/messages", { cookie, form: { body: "Первое\nсообщение", key: KEY } });
    expect(again.status).toBe(303);
    expect((await listMessages(t.db, p.id)).messages).toHaveLength(1);
    const res = await t.request("/chat/messages", {
      cookie,
      headers: htmx,
      form: { body: "<script>alert(1)</script> https://example.ru/x.", key: `${KEY}x`, after: "0", r: "0" },
    });
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).not.toContain("<script>alert");
    expect(html).toContain('href="https://example.ru/x"');
    expect(html).toContain('id="chat-compose"');
    expect(html).toContain('id="chat-poller"');
    expect(await adminUnreadTotal(t.db)).toBe(2);
  });

  it("refuses an empty message and 5 001 characters with a Russian message, storing nothing", async () => {
    const p = await givenPartner(t.db);
    const cookie = await t.cookieFor(p);
    const before = await snapshot(t.client);
    const empty = await t.request("/chat/messages", { cookie, form: { body: "   ", key: KEY } });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain(ru.chat.errors.empty);
    const long = await t.request("/chat/messages", { cookie, form: { body: "я".repeat(5001), key: KEY } });
    expect(long.status).toBe(422);
    expect(await long.text()).toContain("сейчас 5001");
    expect(await snapshot(t.client)).toBe(before);
  });

  it("sends a photo and a PDF in one post; a disguised file is refused by name and nothing is stored", async () => {
    const p = await givenPartner(t.db);
    const other = await givenPartner(t.db);
    const cookie = await t.cookieFor(p);
    const res = await multipart("/chat/messages", cookie, { body: "Договор и фото", key: KEY }, [
      { name: "фото.png", bytes: await png(), type: "image/png" },
      { name: "Договор №1.pdf", bytes: PDF, type: "application/pdf" },
    ]);
    expect(res.status).toBe(303);
    const [message] = (await listMessages(t.db, p.id)).messages;
    expect(message?.attachments.map((a) => [a.kind, a.originalName])).toEqual([
      ["image", "фото.png"],
      ["file", "Договор №1.pdf"],
    ]);
    const [image, pdf] = message?.attachments ?? [];
    const page = await (await t.request("/chat", { cookie })).text();
    expect(page).toContain(`src="/attachments/${image?.id}/thumb"`);
    const download = await t.request(`/attachments/${pdf?.id}`, { cookie });
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toContain("attachment;");
    expect(download.headers.get("content-disposition")).toContain("filename*=UTF-8''%D0%94%D0%BE%D0%B3%D0%BE%D0%B2%D0%BE%D1%80");
    expect(download.headers.get("x-content-type-options")).toBe("nosniff");
    expect(download.headers.get("content-security-policy")).toContain("sandbox");
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(PDF);
    expect((await t.request(`/attachments/${image?.id}/thumb`, { cookie })).headers.get("content-type")).toBe("image/webp");
    // Another partner, by id guessing.
    expect((await t.request(`/attachments/${pdf?.id}`, { cookie: await t.cookieFor(other) })).status).toBe(404);
    expect((await t.request(`/attachments/${image?.id}/thumb`, { cookie: await t.cookieFor(other) })).status).toBe(404);
    expect((await t.request(`/attachments/${pdf?.id}`, { cookie: await t.cookieFor(await givenAdmin(t.db)) })).status).toBe(200);

    const before = await snapshot(t.client);
    const filesBefore = await readdir(join(uploads, "attachments"));
    for (const bad of [
      { name: "счёт.pdf", bytes: await png() },
      { name: "page.html", bytes: new TextEncoder().encode("<html><script>alert(1)</script></html>") },
      { name: "logo.svg", bytes: new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>') },
      { name: "notes.txt", bytes: new TextEncoder().encode("<!doctype html><p>hi") },
    ]) {
      const refused = await multipart("/chat/messages", cookie, { body: "ещё", key: `${KEY}${bad.name.length}` }, [bad]);
      expect(refused.status).toBeGreaterThanOrEqual(400);
      expect(refused.status).toBeLessThan(500);
      expect(await refused.text()).toContain(`«${bad.name}»`);
    }
    const six = await multipart(
      "/chat/messages",
      cookie,
      { body: "", key: `${KEY}six` },
      Array.from({ length: 6 }, (_, i) => ({ name: `${i}.pdf`, bytes: PDF })),
    );
    expect(six.status).toBe(422);
    expect(await six.text()).toContain(ru.attachments.errors.tooMany);
    expect(await snapshot(t.client)).toBe(before);
    expect((await readdir(join(uploads, "attachments"))).sort()).toEqual(filesBefore.sort());
  });

  it("polls: 204 while nothing changed, then new messages and read ticks out of band", async () => {
    const p = await givenPartner(t.db);
    const admin = await givenAdmin(t.db);
    const cookie = await t.cookieFor(p);
    const mine = await sendMessage(t.db, { partnerId: p.id, senderId: p.id, fromAdmin: false, body: "Вопрос", idempotencyKey: "p1", files: [] }, t.clock.now);
    const page = await (await t.request("/chat", { cookie })).text();
    const poll = /hx-get="(\/chat\/updates\?[^"]+)"/.exec(page)?.[1]?.replaceAll("&amp;", "&") ?? "";
    expect(poll).toMatch(/after=\d+&v=\d+&r=0/);
    expect((await t.request(poll, { cookie })).status).toBe(204);
    await t.request(`/admin/chat/${p.id}`, { cookie: await t.cookieFor(admin) });
    await sendMessage(t.db, { partnerId: p.id, senderId: admin.id, fromAdmin: true, body: "Ответ", idempotencyKey: "a1", files: [] }, t.clock.now + 1000);
    const res = await t.request(poll, { cookie, headers: htmx });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Ответ");
    expect(html).toContain(`id="tick-${mine.messageId}"`);
    expect(html).toContain(ru.chat.read);
    expect(await partnerUnreadCount(t.db, p.id)).toBe(0);
    expect((await t.request("/chat/updates?after=x&v=1&r=0", { cookie })).status).toBe(400);
  });

  it("pages older history with «Показать ранее»", async () => {
    const p = await givenPartner(t.db);
    for (let i = 1; i <= 33; i++)
      await sendMessage(
        t.db,
        { partnerId: p.id, senderId: p.id, fromAdmin: false, body: `сообщение-${i}-конец`, idempotencyKey: `k${i}`, files: [] },
        t.clock.now + i,
      );
    const cookie = await t.cookieFor(p);
    const page = await (await t.request("/chat", { cookie })).text();
    expect(page).toContain(ru.chat.showEarlier);
    expect(page).not.toContain("сообщение-3-конец");
    const before = /href="\/chat\?before=(\d+)"/.exec(page)?.[1];
    const older = await (await t.request(`/chat/messages?before=${before}`, { cookie })).text();
    expect(older).toContain("сообщение-3-конец");
    expect(older).not.toContain(ru.chat.showEarlier);
    expect((await t.request("/chat/messages?before=abc", { cookie })).status).toBe(400);
  });

  it("never answers 5xx to any typed text, and shows it as text", async () => {
    const p = await givenPartner(t.db);
    const cookie = await t.cookieFor(p);
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: "grapheme", maxLength: 300 }), async (text) => {
        n++;
        const res = await t.request("/chat/messages", { cookie, headers: htmx, form: { body: text, key: `${KEY}${n}` } });
        expect(res.status).toBeLessThan(500);
        expect(await res.text()).not.toContain("<script");
      }),
      { numRuns: 40 },
    );
  });
});
