/**
 * Bitrix24 emulator: a real HTTP server on 127.0.0.1 that answers the REST contract of
 * /work/shared/guide/BITRIX24.md (§5) and sends outbound events, with a control API for tests.
 *
 *   const b24 = await startBitrix24Emulator({ rateLimit: false });
 *   await fetch(`${b24.webhookUrl}crm.lead.add.json`, { method: "POST", ... });
 *   b24.control.moveDeal(3001, "C9:WON");
 *   await b24.close();
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createControl } from "./control.js";
import { handleControl } from "./control-http.js";
import { Runtime } from "./runtime.js";
import { handleRest, sendJson } from "./server.js";
import type { Bitrix24Emulator, StartOptions } from "./types.js";
import { randomToken } from "./util.js";

export type {
  B24Row,
  Bitrix24Emulator,
  ConvertLeadOptions,
  DeliveryRecord,
  EmulatorControl,
  EmulatorCounters,
  EntityKind,
  EventDeliveryOptions,
  FaultRule,
  FunnelSeed,
  OutgoingWebhook,
  PortalSeed,
  RateLimit,
  RequestLogEntry,
  RestFault,
  StageSeed,
  StageSemantics,
  StartOptions,
  UserFieldSeed,
  UserFieldType,
  UserSeed,
  WebhookSettings,
} from "./types.js";

export async function startBitrix24Emulator(options: StartOptions = {}): Promise<Bitrix24Emulator> {
  const secret = options.secret ?? randomToken(16);
  const rateLimit = options.rateLimit === undefined ? { perSecond: 2, burst: 50 } : options.rateLimit;
  const rt = new Runtime({
    userId: options.userId ?? 1,
    secret,
    applicationToken: options.applicationToken ?? randomToken(32),
    rateLimit,
    now: options.now ?? Date.now,
    seed: options.seed ?? {},
  });

  let downTimer: NodeJS.Timeout | undefined;
  let closed = false;
  const info = () => ({ origin: rt.origin, webhookUrl: rt.webhookUrl, applicationToken: rt.options.applicationToken });

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? "/";
    const handler = path.startsWith("/_emulator")
      ? handleControl(control, info, req, res)
      : path.startsWith("/rest")
        ? handleRest(rt, req, res)
        : Promise.resolve(sendJson(res, 404, { error: "NOT_FOUND", error_description: "Not a Bitrix24 REST path" }));
    handler.catch((err: unknown) => {
      if (!res.headersSent && !res.destroyed) sendJson(res, 500, { error: "ERROR_CORE", error_description: err instanceof Error ? err.message : String(err) });
    });
  });

  // Short keep-alive: clients then rarely hold a pooled socket across setDown()/close(), which would
  // fail as "connection lost" instead of "refused".
  server.keepAliveTimeout = 1000;

  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        server.off("error", reject);
        resolve((server.address() as AddressInfo).port);
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (!server.listening) return resolve();
      server.close(() => resolve());
      server.closeAllConnections();
    });

  const port = await listen(options.port ?? 0);
  rt.origin = `http://127.0.0.1:${port}`;

  const setDown = async (down: boolean | { ms: number }) => {
    clearTimeout(downTimer);
    downTimer = undefined;
    if (down === false) {
      if (!server.listening && !closed) await listen(port);
      return;
    }
    // Let the control answer leave before the connections are cut.
    await new Promise<void>((resolve) => setImmediate(resolve));
    await stop();
    // Let in-process clients see their pooled sockets close before the caller's next request.
    await new Promise<void>((resolve) => setTimeout(resolve, 20));
    if (typeof down === "object") {
      downTimer = setTimeout(() => {
        downTimer = undefined;
        if (!closed) void listen(port).catch(() => undefined);
      }, down.ms);
    }
  };

  const control = createControl(rt, { setDown, initialSecret: secret, initialSeed: options.seed ?? {}, initialRateLimit: rateLimit });

  return {
    origin: rt.origin,
    get webhookUrl() {
      return rt.webhookUrl;
    },
    applicationToken: rt.options.applicationToken,
    control,
    async close() {
      closed = true;
      clearTimeout(downTimer);
      rt.bus.close();
      await stop();
    },
  };
}
