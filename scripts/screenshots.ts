/**
 * `npm run screenshots`: every page at 375 × 812 and 1280 × 800 (full page) on a freshly seeded demo.
 *
 * 1. seeds a temporary database and upload folder with `scripts/seed.ts` (nothing of data/app.db is touched);
 * 2. starts the real server on it (src/server.ts on loopback) under a demo address,
 *    http://partners.severny-veter.example (port 80 when free), which Chromium resolves to loopback: the
 *    short links in the pictures read like a real installation's, not 127.0.0.1:<port>;
 * 3. signs in as the main demo partner and as the admin in Debian Chromium (playwright-core) and visits
 *    every page of scripts/screenshot-pages.ts, plus the visitors' pages without a session;
 * 4. writes the PNGs to data/screenshots/all/, prints the list (with any page that did not answer 200),
 *    and copies the key ones, compressed to WebP, to docs/screenshots/ (shown in README.md).
 *
 * `-- --only <text>` shoots only the pages whose name contains the text (and leaves docs/ alone).
 * CHROMIUM_PATH overrides /usr/bin/chromium.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import sharp from "sharp";
import { CHROMIUM_ARGS, logIn } from "../src/e2e/browser.js";
import { projectPath } from "../src/lib/paths.js";
import { freePort } from "../src/testing/app-process.js";
import { demoPages, KEY_SHOTS, type Role, type ShotPage } from "./screenshot-pages.js";
import { DEMO_ADMIN, DEMO_PARTNER_PASSWORD, DEMO_PARTNERS } from "./seed-accounts.js";

const OUT_DIR = projectPath("data", "screenshots", "all");
const DOCS_DIR = projectPath("docs", "screenshots");
const SIZES = [
  { label: "375", viewport: { width: 375, height: 812 } },
  { label: "1280", viewport: { width: 1280, height: 800 } },
] as const;

const DEMO_HOST = "partners.severny-veter.example";

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

/** Port 80 when nobody holds it (the address then has no port), else any free one. */
async function demoPort(): Promise<number> {
  const free = await new Promise<boolean>((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen(80, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
  return free ? 80 : freePort();
}

type App = { origin: string; proc: ChildProcess; output: string[] };

/** The server as `npm start` runs it, on loopback, answering as the demo address; resolves once /healthz is 200. */
async function startApp(env: Record<string, string>): Promise<App> {
  const port = await demoPort();
  const origin = port === 80 ? `http://${DEMO_HOST}` : `http://${DEMO_HOST}:${port}`;
  const proc = spawn(process.execPath, ["--import", "tsx", projectPath("src", "server.ts")], {
    cwd: projectPath(),
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      PORT: String(port),
      HOST: "127.0.0.1",
      PUBLIC_ORIGIN: origin,
      LOG_LEVEL: "warn",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  proc.stdout?.on("data", (c: Buffer) => output.push(c.toString()));
  proc.stderr?.on("data", (c: Buffer) => output.push(c.toString()));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`screenshots: the server exited:\n${output.join("")}`);
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2_000) })
      .then((r) => r.status === 200)
      .catch(() => false);
    if (ok) return { origin, proc, output };
    if (Date.now() > deadline) throw new Error(`screenshots: no answer from the server in 30 s:\n${output.join("")}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

async function stopApp(app: App): Promise<void> {
  if (app.proc.exitCode !== null) return;
  const exited = new Promise((resolve) => app.proc.once("exit", resolve));
  app.proc.kill("SIGTERM");
  await exited;
}

/** Debian Chromium as the browser tests launch it, with the demo address pointed at loopback. */
function launch(): Promise<Browser> {
  const args = [...CHROMIUM_ARGS.filter((a) => !a.startsWith("--host-resolver-rules")), `--host-resolver-rules=MAP ${DEMO_HOST} 127.0.0.1`];
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium", args });
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
    // A full-page capture leaves fixed bars (the phone's tab bar) where the first screen ended; a viewport
    // as tall as the page puts them at its bottom, where a reader scrolling the real page sees them.
    // README shows a phone's first screen (what a partner sees without scrolling), the rest full page.
    if (size.label === "375" && KEY_SHOTS.includes(`${shot.name}-375`)) await page.screenshot({ path: join(OUT_DIR, `${shot.name}-375-screen.png`) });
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    if (height > size.viewport.height) {
      await page.setViewportSize({ width: size.viewport.width, height });
      await page.waitForTimeout(100);
    }
    const file = join(OUT_DIR, `${shot.name}-${size.label}.png`);
    await page.screenshot({ path: file, fullPage: true });
    files.push(file);
  }
  return { files, status };
}

/** WebP at a quality that keeps text crisp; phones as their first screen, a tall desktop page cut at 2 400 px. */
async function copyToDocs(): Promise<string[]> {
  mkdirSync(DOCS_DIR, { recursive: true });
  const written: string[] = [];
  for (const name of KEY_SHOTS) {
    const source = join(OUT_DIR, name.endsWith("-375") ? `${name}-screen.png` : `${name}.png`);
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

/** /login of an install with no admin yet (its note says where the setup link is), on an empty database. */
async function firstRunLogin(browser: Browser, database: string, uploads: string): Promise<{ files: string[]; setupLinePrinted: boolean }> {
  const app = await startApp({ DATABASE_URL: `file:${database}`, UPLOAD_DIR: uploads });
  try {
    const context = await browser.newContext({ baseURL: app.origin, locale: "ru-RU" });
    const page = await context.newPage();
    const { files } = await shoot(page, { name: "public-login-first-run", role: "public", path: "/login" });
    await context.close();
    // The link on a line of its own, as README.md shows it.
    const setupLinePrinted = app.output
      .join("")
      .split("\n")
      .some((line) => line.startsWith(`${app.origin}/setup/`));
    return { files, setupLinePrinted };
  } finally {
    await stopApp(app);
  }
}

async function main() {
  const temp = mkdtempSync(join(tmpdir(), "cabinet-screenshots-"));
  const databaseUrl = `file:${join(temp, "demo.db")}`;
  const uploadDir = join(temp, "uploads");
  let app: App | undefined;
  let browser: Browser | undefined;
  try {
    await seed({ DATABASE_URL: databaseUrl, UPLOAD_DIR: uploadDir });
    app = await startApp({ DATABASE_URL: databaseUrl, UPLOAD_DIR: uploadDir });
    const pages = (await demoPages(databaseUrl)).filter((p) => only === null || p.name.includes(only));
    mkdirSync(OUT_DIR, { recursive: true });
    browser = await launch();
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
    await stopApp(app);
    app = undefined;
    let count = pages.length * SIZES.length;
    if (only === null || "public-login-first-run".includes(only)) {
      const fresh = await firstRunLogin(browser, join(temp, "fresh.db"), join(temp, "fresh-uploads"));
      if (!fresh.setupLinePrinted) problems.push("a fresh install did not print the setup link as a plain line");
      for (const file of fresh.files) process.stdout.write(`${file}\n`);
      count += fresh.files.length;
    }
    if (only === null) for (const line of await copyToDocs()) process.stdout.write(`docs: ${line}\n`);
    process.stdout.write(`${count} screenshots in ${OUT_DIR}\n`);
    if (problems.length > 0) {
      process.stdout.write(`pages that did not answer as expected:\n  ${problems.join("\n  ")}\n`);
      process.exitCode = 1;
    }
  } finally {
    await browser?.close();
    if (app) await stopApp(app);
    rmSync(temp, { recursive: true, force: true });
  }
}

await main();
