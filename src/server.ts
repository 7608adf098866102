/** Process entry: config → DB → migrations → first admin → app → listen; graceful shutdown. */

import { createServer, type Server } from "node:http";
import { getRequestListener } from "@hono/node-server";
import { createApp } from "./app.js";
import { adminExists, ensureEnvAdmin, issueSetupToken } from "./auth/accounts.js";
import { sessionCookieNameFor } from "./auth/cookie.js";
import { ConfigError, loadConfig } from "./config.js";
import { openDatabase } from "./db/client.js";
import { migrateDatabase } from "./db/migrate.js";
import { createPollGate } from "./features/chat/poll-gate.js";
import { percentToBp } from "./features/commissions/commissions.js";
import { attributionOf } from "./features/crm/attribution/import.js";
import { loadCrmSettings } from "./features/crm/settings/crm-settings.js";
import { toDeliverySettings } from "./features/crm/settings/delivery-settings.js";
import { createRedirector } from "./features/links/redirect-routes.js";
import { createLinkServices, pruneDayVisitors } from "./features/links/services.js";
import { getOrCreateAppSecret } from "./features/settings/settings.js";
import { t } from "./i18n/ru.js";
import { bitrix24Clients } from "./integrations/bitrix24/clients.js";
import { startCrmSync } from "./jobs/crm-sync.js";
import { startDeliveryWorker } from "./jobs/delivery-worker.js";
import { answerClientErrors } from "./web/client-error.js";
import { withFastChatPoll } from "./web/fast-chat-poll.js";
import { withFastRedirect } from "./web/fast-redirect.js";
import { createLogger } from "./web/logger.js";

/** The longest a SIGTERM/SIGINT shutdown may take before the process exits anyway. */
const SHUTDOWN_DEADLINE_MS = 10_000;

async function main() {
  const started = performance.now();
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const log = createLogger(config.LOG_LEVEL);
  const database = await openDatabase(config.DATABASE_URL, config.DATABASE_AUTH_TOKEN);
  const { db, client } = database;
  await migrateDatabase(db);
  const version = (await client.execute("select sqlite_version() as v")).rows[0]?.v;
  log.info("database ready", { url: config.DATABASE_URL.replace(/\/\/[^@]*@/, "//***@"), sqliteVersion: version });

  const now = () => Date.now();
  if (config.ADMIN_EMAIL && config.ADMIN_PASSWORD) {
    const outcome = await ensureEnvAdmin(db, { email: config.ADMIN_EMAIL, password: config.ADMIN_PASSWORD, name: t.auth.defaultAdminName }, now());
    log.info(`admin from ADMIN_EMAIL ${outcome}`, { email: config.ADMIN_EMAIL });
  } else if (!(await adminExists(db))) {
    const token = await issueSetupToken(db, now());
    const setupUrl = `${config.origin}/setup/${token}`;
    log.warn("no admin yet: open this one-time link to create one", { setupUrl });
    // The same link as a plain line of its own (whatever LOG_LEVEL says): copyable from a terminal or
    // `docker compose logs` without picking it out of JSON. /login points the operator here.
    process.stderr.write(`\nFirst admin setup link (one-time, a new one at every start until an admin exists):\n${setupUrl}\n\n`);
  }

  const appSecret = await getOrCreateAppSecret(db, now());
  const links = createLinkServices(db, client, {
    timeZone: config.APP_TIMEZONE,
    now,
    onError: (error, rows) => log.error("click flush failed", { rows, error: String(error) }),
  });
  links.clicks.start();
  const pruneTimer = setInterval(
    () => void pruneDayVisitors(db, now(), config.APP_TIMEZONE).catch((e) => log.error("prune failed", { error: String(e) })),
    3_600_000,
  );
  pruneTimer.unref();
  const bitrix24 = bitrix24Clients();
  const app = createApp({ db, client, config, log, now, appSecret, bitrix24, ...links });
  // Leads wait in the outbox until a Bitrix24 webhook is configured (env or /admin/crm); then they flow.
  const delivery = startDeliveryWorker({
    db,
    resolve: async () => {
      const crm = await loadCrmSettings(db, config);
      if (!crm.webhookUrl) return null;
      return { b24: bitrix24(crm.webhookUrl), settings: toDeliverySettings(crm, (c, partnerName) => t.crm.leadTitle(c.name, partnerName)) };
    },
    now,
    onError: (error) => log.error("delivery pass failed", { error: String(error) }),
  });
  const crmSync = startCrmSync({
    db,
    resolve: async () => {
      const crm = await loadCrmSettings(db, config);
      if (!crm.webhookUrl) return null;
      const settings = {
        portalKey: new URL(crm.webhookUrl).host,
        defaultRewardBp: percentToBp(config.DEFAULT_REWARD_PERCENTAGE),
        texts: t.commissions.notices,
        attribution: attributionOf(crm),
      };
      return { b24: bitrix24(crm.webhookUrl), settings };
    },
    now,
    onError: (error) => log.error("crm sync pass failed", { error: String(error) }),
  });
  // Cached /r/:code redirects are answered in front of Hono by the same decision as its route
  // (src/web/fast-redirect.ts); every other request goes to the Hono listener unchanged.
  const redirector = createRedirector({
    redirects: links.redirects,
    clicks: links.clicks,
    now,
    trustedProxies: config.TRUSTED_PROXIES,
    hsts: config.secureCookies,
  });
  // The chat's idle poll likewise (src/web/fast-chat-poll.ts): a 204 from memory, or Hono.
  const fastPoll = {
    gate: createPollGate(db, { now }),
    cookieName: sessionCookieNameFor(config.secureCookies),
    https: config.secureCookies,
    onError: (error: unknown) => log.error("chat poll gate failed", { error: String(error) }),
  };
  // What serve() of @hono/node-server does, with the fast paths in front of its listener.
  const hono = getRequestListener(app.fetch, { hostname: config.HOST });
  const server: Server = createServer(withFastRedirect(redirector, withFastChatPoll(fastPoll, hono)));
  answerClientErrors(server, log);
  server.listen(config.PORT, config.HOST);
  // Slow-loris guards (SECURITY.md B13): a request must arrive whole within these limits.
  server.headersTimeout = 15_000;
  server.requestTimeout = 30_000;
  server.on("listening", () => {
    log.info("listening", { url: config.origin, port: config.PORT, startMs: Math.round(performance.now() - started) });
  });

  // Graceful shutdown (PRODUCT.md §12): stop accepting, let requests in flight finish, write every buffered
  // click, wait for the delivery and sync passes in flight, close the database. Bounded: after
  // SHUTDOWN_DEADLINE_MS the process exits anyway (code 1) and says what was left; a delivery cut short
  // stays leased and is retried after the lease by its ORIGIN_ID look-up, never created twice.
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    const began = performance.now();
    const elapsedMs = () => Math.round(performance.now() - began);
    log.info("shutting down", { signal, deadlineMs: SHUTDOWN_DEADLINE_MS });
    const deadline = setTimeout(() => {
      log.error("shutdown deadline passed: exiting with work unfinished", {
        ms: elapsedMs(),
        clicksBuffered: links.clicks.pending,
        clicksWritten: links.clicks.written,
        clicksDropped: links.clicks.dropped,
      });
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS);
    try {
      // No new delivery or sync pass from now on; the passes in flight finish while the server closes.
      const workers = Promise.all([delivery.stop(), crmSync.stop()]).catch((error) => log.error("worker stop failed", { error: String(error) }));
      // Stop accepting; busy keep-alive connections get a few seconds to finish, then are cut.
      const closed = new Promise((resolve) => server.close(resolve));
      server.closeIdleConnections();
      const grace = setTimeout(() => server.closeAllConnections(), 5_000);
      await closed;
      clearTimeout(grace);
      // Every click that got its 302 is in the buffer: write it before the database closes.
      await links.clicks.stop();
      await workers;
      clearTimeout(deadline);
      database.close();
      log.info("stopped", { ms: elapsedMs(), clicksWritten: links.clicks.written, clicksDropped: links.clicks.dropped });
      process.exit(0);
    } catch (error) {
      log.error("shutdown failed", { ms: elapsedMs(), error: String(error), clicksBuffered: links.clicks.pending });
      process.exit(1);
    }
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

await main();
