/**
 * createTestApp(): the real app over an in-memory database with the real migrations, a fixed clock
 * and a silent logger. Each test file builds its own, so no state is shared.
 */
import { createApp } from "../app.js";
import { createSession } from "../auth/session.js";
import { parseConfig } from "../config.js";
import { openDatabase } from "../db/client.js";
import { migrateDatabase } from "../db/migrate.js";
import type { User } from "../db/schema.js";
import { createLinkServices } from "../features/links/services.js";
import { createBitrix24Client } from "../integrations/bitrix24/client.js";
import { bitrix24Clients } from "../integrations/bitrix24/clients.js";
import { createLogger } from "../web/logger.js";

/** 26.11.2026 12:00 Moscow time. */
export const FIXED_NOW = Date.UTC(2026, 10, 26, 9, 0, 0);
export const TEST_ORIGIN = "http://cabinet.test";

export type TestRequest = {
  method?: string;
  form?: Record<string, string>;
  cookie?: string;
  headers?: Record<string, string>;
  /** The peer address seen by the server (client-ip.ts). */
  ip?: string;
};

export async function createTestApp(env: Record<string, string> = {}) {
  const config = parseConfig({ PUBLIC_ORIGIN: TEST_ORIGIN, LOG_LEVEL: "silent", DATABASE_URL: "file::memory:", NODE_ENV: "test", ...env });
  const database = await openDatabase(config.DATABASE_URL);
  await migrateDatabase(database.db);
  const clock = {
    now: FIXED_NOW,
    advance(ms: number) {
      this.now += ms;
    },
  };
  const logLines: string[] = [];
  const log = createLogger("debug", (line) => logLines.push(line));
  const now = () => clock.now;
  // Tests talk to the emulator on loopback: no client-side pacing, no retry sleeps.
  const testBitrix24 = bitrix24Clients((webhookUrl) => createBitrix24Client({ webhookUrl, rate: false, maxRetries: 0, timeoutMs: 2_000 }));
  // No flush timer in tests: they call clicks.flush() when they want the rows written.
  const services = createLinkServices(database.db, database.client, {
    timeZone: config.APP_TIMEZONE,
    now,
    onError: (error) => log.error("click flush failed", { error: String(error) }),
    flushEveryMs: 3_600_000,
  });
  const app = createApp({
    db: database.db,
    client: database.client,
    config,
    log,
    now,
    appSecret: "test-secret-test-secret-test-secret",
    bitrix24: testBitrix24,
    ...services,
  });

  /** Sends a request like a browser on our origin: form posts carry our Origin header. */
  async function request(path: string, init: TestRequest = {}) {
    const method = init.method ?? (init.form ? "POST" : "GET");
    const headers: Record<string, string> = { ...init.headers };
    if (init.cookie) headers.cookie = init.cookie;
    if (method !== "GET" && !("origin" in headers)) headers.origin = TEST_ORIGIN;
    let body: string | undefined;
    if (init.form) {
      headers["content-type"] ??= "application/x-www-form-urlencoded";
      body = new URLSearchParams(init.form).toString();
    }
    const env = { incoming: { socket: { remoteAddress: init.ip ?? "203.0.113.10" } } };
    return app.request(`${TEST_ORIGIN}${path}`, { method, headers, body }, env);
  }

  /** A session cookie for the user, as if they had signed in. */
  async function cookieFor(user: Pick<User, "id" | "role">): Promise<string> {
    const { token } = await createSession(database.db, user, clock.now);
    return `session=${token}`;
  }

  return { app, db: database.db, client: database.client, config, clock, request, cookieFor, log, logLines, close: database.close, ...services };
}

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;

/** Cookies set by a response, as a Cookie header for the next request (flash, session). */
export function cookiesFrom(res: Response, previous = ""): string {
  const jar = new Map(
    previous
      .split(/;\s*/)
      .filter(Boolean)
      .map((kv) => [kv.split("=")[0] ?? "", kv] as const),
  );
  for (const set of res.headers.getSetCookie()) {
    const pair = set.split(";")[0] ?? "";
    const name = pair.split("=")[0] ?? "";
    if (/max-age=0/i.test(set) || pair.endsWith("=")) jar.delete(name);
    else jar.set(name, pair);
  }
  return [...jar.values()].join("; ");
}
