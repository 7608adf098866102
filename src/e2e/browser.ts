/**
 * Browser-test helpers: the real app on a real port (in-memory DB, real clock), Debian Chromium via
 * playwright-core (STACK.md §8, pitfall 10), and page checks: axe, CSP, sideways scroll, screenshots.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AxeBuilder } from "@axe-core/playwright";
import { type HttpBindings, serve } from "@hono/node-server";
import { type Browser, chromium, type Page } from "playwright-core";
import { expect } from "vitest";
import { createApp } from "../app.js";
import { parseConfig } from "../config.js";
import { openDatabase } from "../db/client.js";
import { migrateDatabase } from "../db/migrate.js";
import { createLinkServices } from "../features/links/services.js";
import { getOrCreateAppSecret } from "../features/settings/settings.js";
import { t } from "../i18n/ru.js";
import { bitrix24Clients } from "../integrations/bitrix24/clients.js";
import { projectPath } from "../lib/paths.js";
import { TEST_PASSWORD } from "../testing/fixtures.js";
import { createLogger } from "../web/logger.js";

export const SCREENSHOT_DIR = projectPath("data", "screenshots");

export type RunningServer = Awaited<ReturnType<typeof startServer>>;

/**
 * Listens on a free port first, then builds config and app with that origin: PUBLIC_ORIGIN must equal
 * the address the browser uses, or the CSRF origin check refuses every form.
 */
export async function startServer() {
  // The port is known only once listening; the app (whose config needs the origin) is plugged in after.
  let handler: ((req: Request, env: HttpBindings) => Response | Promise<Response>) | undefined;
  let server: Server | undefined;
  const port = await new Promise<number>((resolve) => {
    server = serve(
      {
        fetch: (req, env) => (handler ? handler(req, env as HttpBindings) : new Response("starting", { status: 503 })),
        port: 0,
        hostname: "127.0.0.1",
      },
      (info: AddressInfo) => resolve(info.port),
    ) as Server;
  });
  const origin = `http://127.0.0.1:${port}`;
  const uploadDir = mkdtempSync(join(tmpdir(), "cabinet-e2e-uploads-"));
  const config = parseConfig({ PUBLIC_ORIGIN: origin, LOG_LEVEL: "silent", DATABASE_URL: "file::memory:", NODE_ENV: "test", UPLOAD_DIR: uploadDir });
  const database = await openDatabase(config.DATABASE_URL);
  await migrateDatabase(database.db);
  const now = () => Date.now();
  const appSecret = await getOrCreateAppSecret(database.db, now());
  const log = createLogger(config.LOG_LEVEL);
  // As in server.ts: the click buffer flushes on its timer and is drained on close.
  const links = createLinkServices(database.db, database.client, {
    timeZone: config.APP_TIMEZONE,
    now,
    onError: (error) => log.error("click flush failed", { error: String(error) }),
  });
  links.clicks.start();
  const app = createApp({ db: database.db, client: database.client, config, log, now, appSecret, bitrix24: bitrix24Clients(), ...links });
  handler = (req, env) => app.fetch(req, env);

  async function close() {
    await new Promise<void>((resolve) => {
      if (!server) return resolve();
      server.close(() => resolve());
      server.closeAllConnections();
    });
    await links.clicks.stop();
    database.close();
    rmSync(uploadDir, { recursive: true, force: true });
  }
  return { origin, db: database.db, client: database.client, uploadDir, close };
}

/** A public-looking host the browser resolves to loopback: link targets may not be private addresses. */
export const PUBLIC_TEST_HOST = "shop.example.ru";
/** An IDN host resolved to loopback too (the resolver sees its punycode form). */
export const IDN_TEST_HOST = { unicode: "магазин.пример.рф", ascii: "xn--80aairftm.xn--e1afmkfd.xn--p1ai" };

export const CHROMIUM_ARGS = [
  "--headless",
  `--host-resolver-rules=MAP ${PUBLIC_TEST_HOST} 127.0.0.1, MAP ${IDN_TEST_HOST.ascii} 127.0.0.1`,
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium", args: CHROMIUM_ARGS });
}

/**
 * The checks every journey runs on a page it visits, at 375 px then 1280 px: axe (no serious or
 * critical findings), no sideways scroll on the phone, and a screenshot `<name>-<width>.png`.
 */
export async function auditWidths(page: Page, name: string): Promise<void> {
  await page.waitForLoadState("load");
  for (const [label, size] of [
    ["375", PHONE],
    ["1280", DESKTOP],
  ] as const) {
    await page.setViewportSize(size);
    const violations = await checkA11y(page);
    expect.soft(violations, `${name} at ${label} px (${page.url()}):\n${describeViolations(violations)}`).toEqual([]);
    if (label === "375") expect.soft(await noSideScroll(page), `${name}: sideways scroll at 375 px`).toBe(true);
    await shot(page, `${name}-${label}`);
  }
}

export type A11yViolation = { id: string; impact: string; help: string; targets: string[] };

/** axe-core on the current page; only "serious" and "critical" findings. */
export async function checkA11y(page: Page): Promise<A11yViolation[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({ id: v.id, impact: String(v.impact), help: v.help, targets: v.nodes.map((n) => n.target.join(" ")) }));
}

/** One line per violation, for an assertion message. */
export function describeViolations(violations: A11yViolation[]): string {
  return violations.map((v) => `${v.impact} ${v.id} (${v.help}): ${v.targets.join(", ")}`).join("\n");
}

export type PageProblems = { csp: string[]; console: string[]; failedRequests: string[] };

/**
 * Records CSP violations (securitypolicyviolation events, kept in window.__csp and reported to the
 * test across navigations), console errors, page errors and failed subresource requests.
 * Call before the first navigation. HTTP error statuses of documents (401, 403, 404) are expected
 * pages, so the browser's "Failed to load resource" console line is left to the request check.
 */
export async function watchCsp(page: Page): Promise<PageProblems> {
  const problems: PageProblems = { csp: [], console: [], failedRequests: [] };
  await page.exposeFunction("__reportCsp", (line: string) => {
    problems.csp.push(line);
  });
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[]; __reportCsp?: (line: string) => void };
    w.__csp = [];
    document.addEventListener("securitypolicyviolation", (e) => {
      const line = `${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`;
      w.__csp.push(line);
      void w.__reportCsp?.(line);
    });
  });
  page.on("console", (msg) => {
    if (msg.type() !== "error") return;
    const text = msg.text();
    // With JavaScript off no event fires, but Chromium still logs the refusal.
    if (/Content Security Policy/i.test(text)) problems.csp.push(text);
    else if (!text.startsWith("Failed to load resource")) problems.console.push(text);
  });
  page.on("pageerror", (error) => problems.console.push(`pageerror: ${error.message}`));
  page.on("requestfailed", (req) => {
    const error = req.failure()?.errorText ?? "";
    // A request cut off by the next navigation (the favicon, typically) is not a broken resource; those answer 4xx/5xx below.
    if (error === "net::ERR_ABORTED") return;
    problems.failedRequests.push(`${req.method()} ${req.url()}: ${error}`);
  });
  page.on("response", (res) => {
    if (res.status() >= 400 && res.request().resourceType() !== "document") problems.failedRequests.push(`${res.status()} ${res.url()}`);
  });
  return problems;
}

/** Full-page screenshot to data/screenshots/<name>.png (data/ is git-ignored). */
export async function shot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = `${SCREENSHOT_DIR}/${name}.png`;
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** True when the page fits the viewport width (no sideways scrolling). */
export function noSideScroll(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
}

export const PHONE = { width: 375, height: 740 };
export const DESKTOP = { width: 1280, height: 800 };

/** Fills in and sends the login form (JavaScript on); callers wait for the page they expect next. */
export async function logIn(page: Page, email: string, password = TEST_PASSWORD) {
  await page.goto("/login");
  await page.getByLabel(t.auth.fields.email).fill(email);
  await page.getByLabel(t.auth.fields.password, { exact: true }).fill(password);
  await page.getByRole("button", { name: t.auth.loginSubmit }).click();
}
