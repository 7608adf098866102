/** Admin notifications with files (issue 12): sent, seen and downloaded by the recipient only; refusals store nothing; deletion removes the files. */
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import type { User } from "../../db/schema.js";
import { givenAdmin, givenPartner, snapshot } from "../../testing/fixtures.js";
import { createTestApp, TEST_ORIGIN, type TestApp } from "../../testing/test-app.js";
import * as sample from "../attachments/sample-files.js";

let t: TestApp;
let uploads: string;
let admin: User;
let a: User;
let b: User;
let adminCookie: string;
beforeEach(async () => {
  uploads = await mkdtemp(join(tmpdir(), "notification-files-"));
  t = await createTestApp({ UPLOAD_DIR: uploads });
  admin = await givenAdmin(t.db);
  a = await givenPartner(t.db, { email: "a@example.ru", name: "Анна" });
  b = await givenPartner(t.db, { email: "b@example.ru", name: "Борис" });
  adminCookie = await t.cookieFor(admin);
});
afterEach(async () => {
  t.close();
  await rm(uploads, { recursive: true, force: true });
});
const filesOnDisk = async () => readdir(join(uploads, "attachments")).catch(() => [] as string[]);

async function post(fields: Record<string, string>, files: [string, Uint8Array][]) {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  for (const [name, bytes] of files) body.append("files", new Blob([new Uint8Array(bytes)]), name);
  return t.app.request(`${TEST_ORIGIN}/admin/notifications`, { method: "POST", body, headers: { cookie: adminCookie, origin: TEST_ORIGIN } });
}

it("a PDF sent to one partner: that partner sees and downloads it, another gets 404; deletion removes it", async () => {
  const pdf = sample.pdf();
  const res = await post({ recipient: String(a.id), title: "Договор", message: "Во вложении" }, [["Договор №1.pdf", pdf]]);
  expect(res.status).toBe(303);
  const page = await (await t.request("/notifications", { cookie: await t.cookieFor(a) })).text();
  const href = /href="(\/attachments\/\d+)"/.exec(page)?.[1];
  expect(href).toBeDefined();
  expect(page).toContain("Договор №1.pdf");
  const download = await t.request(href ?? "", { cookie: await t.cookieFor(a) });
  expect(download.status).toBe(200);
  expect(new Uint8Array(await download.arrayBuffer())).toEqual(pdf);
  expect((await t.request(href ?? "", { cookie: await t.cookieFor(b) })).status).toBe(404);
  const adminPage = await (await t.request("/admin/notifications", { cookie: await t.cookieFor(admin) })).text();
  expect(adminPage).toContain("Договор №1.pdf");
  expect(await filesOnDisk()).toHaveLength(1);
  const id = (await t.client.execute("select id from notifications")).rows[0]?.id;
  const del = await t.request(`/admin/notifications/${id}/deletion`, { cookie: await t.cookieFor(admin), form: { confirmed: "1" } });
  expect(del.status).toBe(303);
  expect(await filesOnDisk()).toEqual([]);
});

it("a disguised file is refused by name with the typed text kept, nothing stored", async () => {
  const before = await snapshot(t.client);
  const res = await post({ recipient: String(a.id), title: "Прайс", message: "Мой текст" }, [
    ["хороший.pdf", sample.pdf()],
    ["прайс.pdf", await sample.png()],
  ]);
  expect(res.status).toBe(415);
  const html = await res.text();
  expect(html).toContain("«прайс.pdf»: содержимое файла не совпадает с его типом");
  expect(html).toContain('value="Прайс"');
  expect(html).toContain("Мой текст");
  expect(await snapshot(t.client)).toBe(before);
  expect(await filesOnDisk()).toEqual([]);
});

it("a broadcast with files without the dialog asks for the box, stores nothing; with it, every partner gets the file", async () => {
  const before = await snapshot(t.client);
  const asked = await post({ recipient: "all", title: "Всем", message: "Текст" }, [["прайс.pdf", sample.pdf()]]);
  expect(asked.status).toBe(422);
  expect(await asked.text()).toContain('name="confirmed"');
  expect(await snapshot(t.client)).toBe(before);
  expect(await filesOnDisk()).toEqual([]);
  const sent = await post({ recipient: "all", title: "Всем", message: "Текст", confirmed: "1" }, [["прайс.pdf", sample.pdf()]]);
  expect(sent.status).toBe(303);
  for (const p of [a, b]) expect(await (await t.request("/notifications", { cookie: await t.cookieFor(p) })).text()).toContain("прайс.pdf");
});
