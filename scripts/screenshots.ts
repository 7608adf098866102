/**
 * `npm run screenshots`: every page at 375 × 812 and 1280 × 800 (full page) on a freshly seeded demo.
 *
 * 1. seeds a temporary database and upload folder with `scripts/seed.ts` (nothing of data/app.db is touched);
 * 2. starts the real server on it (src/server.ts, a free loopback port);
 * 3. signs in as the main demo partner and as the admin in Debian Chromium (playwright-core) and visits
 *    every page of scripts/screenshot-pages.ts, plus the visitors' pages without a session;
 * 4. writes the PNGs to data/screenshots/all/, prints the list (with any page that did not answer 200),
 *    and copies the key ones, compressed to WebP, to docs/screenshots/ (shown in README.md).
 *
 * `-- --only <text>` shoots only the pages whose name contains the text (and leaves docs/ alone).
 * CHROMIUM_PATH overrides /usr/bin/chromium.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import sharp from "sharp";
import { launchBrowser, logIn } from "../src/e2e/browser.js";
import { projectPath } from "../src/lib/paths.js";
import { startAppProcess } from "../src/testing/app-process.js";
import { demoPages, KEY_SHOTS, type Role, type ShotPage } from "./screenshot-pages.js";
import { DEMO_ADMIN, DEMO_PARTNER_PASSWORD, DEMO_PARTNERS } from "./seed-accounts.js";

const OUT_DIR = projectPath("data", "screenshots", "all");
const DOCS_DIR = projectPath("docs", "screenshots");
const SIZES = [
  { label: "375", viewport: { width: 375, height: 812 } },
  { label: "1280", viewport: { width: 1280, height: 800 } },
] as const;

const onlyIndex = process.argv.indexOf("--only");
const only = onlyIndex >= 0 ? (process.argv[onlyIndex + 1] ?? "") : null;

/** Runs the seed as `npm run db:seed` would, on the given database and upload folder. */
async function seed(env: Record<string, string>): Promise<void> {
  const child = spawn(process.execPath, ["--import", "tsx", projectPath("scripts", "seed.ts")], {
    cwd: projectPath(),
    env: { ...process.env, NODE_ENV: "development", ...env },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  if (code !== 0) throw new Error(`screenshots: the seed failed (exit ${code})`);
}

async function signedIn(browser: Browser, origin: string, role: Role): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: origin, viewport: SIZES[0].viewport, locale: "ru-RU", timezoneId: "Europe/Moscow" });
  if (role === "public") return context;
  const page = await context.newPage();
  const anna = DEMO_PARTNERS.find((p) => p.key === "anna")?.email ?? "";
  await logIn(page, role === "admin" ? DEMO_ADMIN.email : anna, role === "admin" ? DEMO_ADMIN.password : DEMO_PARTNER_PASSWORD);
  await page.waitForURL(role === "admin" ? /\/admin/ : /\/dashboard/);
  await page.close();
  return context;
}

/** Opens the page at each size and takes a full-page picture; returns the files and the HTTP status. */
async function shoot(page: Page, shot: ShotPage): Promise<{ files: string[]; status: number }> {
  const files: string[] = [];
  let status = 0;
  for (const size of SIZES) {
    await page.setViewportSize(size.viewport);
    const response = await page.goto(shot.path, { waitUntil: "load" });
    status = response?.status() ?? 0;
    // Charts draw after load (static/charts.js); polling fragments may keep the network busy, hence the cap.
    await page.waitForLoadState("networkidle", { timeout: 3_000 }).catch(() => undefined);
    await page.waitForTimeout(150);
    const file = join(OUT_DIR, `${shot.name}-${size.label}.png`);
    await page.screenshot({ path: file, fullPage: true });
    files.push(file);
  }
  return { files, status };
}

/** WebP at a quality that keeps text crisp; a tall page is cut at 2 400 px (README shows the top). */
async function copyToDocs(): Promise<string[]> {
  mkdirSync(DOCS_DIR, { recursive: true });
  const written: string[] = [];
  for (const name of KEY_SHOTS) {
    const source = join(OUT_DIR, `${name}.png`);
    const meta = await sharp(source).metadata();
    const height = Math.min(meta.height ?? 0, 2400);
    const target = join(DOCS_DIR, `${name}.webp`);
    const info = await sharp(source)
      .extract({ left: 0, top: 0, width: meta.width ?? 0, height })
      .webp({ quality: 72, effort: 6, smartSubsample: true })
      .toFile(target);
    written.push(`${target} (${Math.round(info.size / 1024)} KB)`);
  }
  return written;
}

async function main() {
  const temp = mkdtempSync(join(tmpdir(), "cabinet-screenshots-"));
  const databaseUrl = `file:${join(temp, "demo.db")}`;
  const uploadDir = join(temp, "uploads");
  let app: Awaited<ReturnType<typeof startAppProcess>> | undefined;
  let browser: Browser | undefined;
  try {
    await seed({ DATABASE_URL: databaseUrl, UPLOAD_DIR: uploadDir });
    app = await startAppProcess(databaseUrl, { UPLOAD_DIR: uploadDir });
    const pages = (await demoPages(databaseUrl)).filter((p) => only === null || p.name.includes(only));
    mkdirSync(OUT_DIR, { recursive: true });
    browser = await launchBrowser();
    const contexts = new Map<Role, BrowserContext>();
    const problems: string[] = [];
    for (const shot of pages) {
      let context = contexts.get(shot.role);
      if (!context) {
        context = await signedIn(browser, app.origin, shot.role);
        contexts.set(shot.role, context);
      }
      const page = await context.newPage();
      const { files, status } = await shoot(page, shot);
      await page.close();
      const expected = shot.name.startsWith("public-dead") ? 404 : 200;
      if (status !== expected) problems.push(`${shot.name}: ${shot.path} answered ${status}`);
      for (const file of files) process.stdout.write(`${file}\n`);
    }
    if (only === null) for (const line of await copyToDocs()) process.stdout.write(`docs: ${line}\n`);
    process.stdout.write(`${pages.length * SIZES.length} screenshots in ${OUT_DIR}\n`);
    if (problems.length > 0) {
      process.stdout.write(`pages that did not answer as expected:\n  ${problems.join("\n  ")}\n`);
      process.exitCode = 1;
    }
  } finally {
    await browser?.close();
    await app?.stop();
    rmSync(temp, { recursive: true, force: true });
  }
}

await main();
