/**
 * The chat in Chromium, two browser contexts: the admin starts a conversation with a partner who never
 * wrote; the partner (375 px) sees the badge, opens the chat, replies with a photo and a PDF; the admin
 * sees the unread badge and the thumbnail and downloads the PDF; another partner gets 404 on that file.
 * axe, CSP and 375 px checks on every page. (The no-JS posts are covered by the request tests.)
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { t } from "../i18n/ru.js";
import { givenAdmin, givenPartner } from "../testing/fixtures.js";
import { auditWidths, DESKTOP, launchBrowser, logIn, type PageProblems, PHONE, type RunningServer, startServer, watchCsp } from "./browser.js";

let server: RunningServer;
let browser: Browser;
let files: string;
const contexts: BrowserContext[] = [];
const watched: { name: string; problems: PageProblems }[] = [];
const PDF = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  files = mkdtempSync(join(tmpdir(), "chat-e2e-"));
  writeFileSync(
    join(files, "фото.png"),
    await sharp({ create: { width: 600, height: 400, channels: 3, background: "#2a7" } })
      .png()
      .toBuffer(),
  );
  writeFileSync(join(files, "Договор.pdf"), PDF);
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await server?.close();
  rmSync(files, { recursive: true, force: true });
});

async function openPage(name: string, options: { phone?: boolean; javaScript?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({
    baseURL: server.origin,
    viewport: options.phone ? PHONE : DESKTOP,
    locale: "ru-RU",
    javaScriptEnabled: options.javaScript ?? true,
    acceptDownloads: true,
  });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  watched.push({ name, problems: await watchCsp(page) });
  return page;
}

describe("chat journey (Chromium)", { shuffle: false }, () => {
  it("admin starts → partner replies with a photo and a PDF → admin sees and downloads; others get 404", { timeout: 240_000 }, async () => {
    const admin = await givenAdmin(server.db, { name: "Ирина Менеджер" });
    const partner = await givenPartner(server.db, { name: "Анна Петрова", company: "ООО «Ромашка»" });
    const other = await givenPartner(server.db, { name: "Борис Другой" });

    const desk = await openPage("admin");
    await logIn(desk, admin.email);
    await desk.waitForURL("**/admin");
    await desk.goto("/admin/chat");
    await auditWidths(desk, "chat-admin-empty");
    await desk.getByRole("link", { name: t.chatAdmin.newConversation }).click();
    await desk.waitForURL("**/admin/chat/new");
    await auditWidths(desk, "chat-admin-new");
    await desk.getByRole("link", { name: /Анна Петрова/ }).click();
    await desk.waitForURL(`**/admin/chat/${partner.id}`);
    await desk.getByLabel(t.chat.bodyLabel).fill("Здравствуйте, Анна! Как идут дела с клиентами?");
    await desk.getByRole("button", { name: t.chat.send }).click();
    await expect.poll(() => desk.locator("#chat-messages .chat-message").count()).toBe(1);
    // htmx: the field is cleared by the fresh form.
    expect(await desk.getByLabel(t.chat.bodyLabel).inputValue()).toBe("");
    await auditWidths(desk, "chat-admin-conversation");

    const phone = await openPage("partner", { phone: true });
    await logIn(phone, partner.email);
    await phone.waitForURL("**/dashboard");
    const badge = phone.locator("#chat-badge");
    await expect.poll(() => badge.textContent()).toContain("1");
    await phone
      .getByRole("link", { name: new RegExp(`^${t.chat.nav}`) })
      .first()
      .click();
    await phone.waitForURL("**/chat");
    await expect.poll(() => phone.locator(".chat-message").first().textContent()).toContain("Как идут дела");
    expect(await phone.locator(".chat-message").first().textContent()).toContain("Ирина Менеджер");
    await phone.getByLabel(t.chat.bodyLabel).fill("Добрый день! Вот договор и фото объекта.");
    await phone.locator("input[name=files]").setInputFiles([join(files, "фото.png"), join(files, "Договор.pdf")]);
    await phone.getByRole("button", { name: t.chat.send }).click();
    await expect.poll(() => phone.locator(".chat-message.is-own").count()).toBe(1);
    await expect.poll(() => phone.locator(".chat-message.is-own img").count()).toBe(1);
    await auditWidths(phone, "chat-partner");

    // The admin's page polls: the reply with its thumbnail appears without a reload; the menu badge counts it after a reload.
    await expect.poll(() => desk.locator(".chat-message:not(.is-own) img").count(), { timeout: 15_000 }).toBe(1);
    await desk.goto("/admin/chat");
    await expect.poll(() => desk.locator(".chat-list-item").first().textContent()).toContain("Вот договор");
    await desk.goto(`/admin/chat/${partner.id}`);
    const [download] = await Promise.all([desk.waitForEvent("download"), desk.getByRole("link", { name: /Договор\.pdf/ }).click()]);
    expect(download.suggestedFilename()).toBe("Договор.pdf");
    expect(await readFile(await download.path(), "utf8")).toBe(PDF);
    // The partner sees «прочитано» once the admin has opened the conversation (their page polls).
    await expect.poll(() => phone.locator(".chat-message.is-own .chat-tick").textContent(), { timeout: 15_000 }).toContain(t.chat.read);

    // Another partner guessing the file's address.
    const href = await desk.getByRole("link", { name: /Договор\.pdf/ }).getAttribute("href");
    const stranger = await openPage("other");
    await logIn(stranger, other.email);
    await stranger.waitForURL("**/dashboard");
    const res = await stranger.goto(href ?? "/attachments/0");
    expect(res?.status()).toBe(404);
  });

  it("had no CSP violations, console errors or failed requests", () => {
    for (const { name, problems } of watched) {
      expect.soft(problems.csp, `${name}: CSP`).toEqual([]);
      expect.soft(problems.console, `${name}: console`).toEqual([]);
      expect.soft(problems.failedRequests, `${name}: requests`).toEqual([]);
    }
  });
});
