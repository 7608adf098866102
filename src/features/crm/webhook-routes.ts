/**
 * Bitrix24 outbound events (BITRIX24.md §3): `POST /webhooks/bitrix24` and `/api/public/webhook/b24`.
 * Mounted above CSRF and sessions (Bitrix posts form-encoded bodies with no Origin). The handler checks
 * `auth[application_token]` in constant time, stores a coalesced "sync this entity" and answers 200 at
 * once; the state is read later from Bitrix24 itself, so a forged body can only ask for a re-read.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { SyncEntity } from "../../db/schema.js";
import type { AppDeps, AppEnv } from "../../web/env.js";
import { enqueueSync } from "./sync/sync.js";

export const WEBHOOK_PATHS = ["/webhooks/bitrix24", "/api/public/webhook/b24"] as const;
const MAX_BODY = 64 * 1024;

const EVENTS: Record<string, SyncEntity> = {
  ONCRMDEALADD: "deal",
  ONCRMDEALUPDATE: "deal",
  ONCRMDEALDELETE: "deal",
  ONCRMLEADADD: "lead",
  ONCRMLEADUPDATE: "lead",
  ONCRMLEADDELETE: "lead",
};

/** Equal-time comparison of two secrets of any length (digests first, so lengths leak nothing). */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b) && given.length === expected.length;
}

export type WebhookEvent = { event: string; entity: SyncEntity; id: number; token: string | null };

/** Reads the PHP-bracket form body; both `data[FIELDS][ID]` and its percent-encoded form decode alike. */
export function parseEvent(body: string): WebhookEvent | { token: string | null } {
  const form = new URLSearchParams(body);
  const token = form.get("auth[application_token]");
  const event = (form.get("event") ?? "").toUpperCase();
  const rawId = form.get("data[FIELDS][ID]") ?? "";
  const entity = EVENTS[event];
  if (!entity || !/^[1-9]\d{0,15}$/.test(rawId)) return { token };
  const id = Number(rawId);
  return Number.isSafeInteger(id) ? { event, entity, id, token } : { token };
}

export type WebhookOptions = {
  /** The configured token; default `config.B24_APPLICATION_TOKEN` (the admin's CRM settings can override). */
  applicationToken?: (deps: AppDeps) => string | null | undefined | Promise<string | null | undefined>;
  /** Called after an event is stored (e.g. to kick the sync worker early). */
  onQueued?: (deps: AppDeps) => void;
};

export function bitrix24WebhookRoutes(options: WebhookOptions = {}) {
  const app = new Hono<AppEnv>();
  const limit = bodyLimit({ maxSize: MAX_BODY, onError: (c) => c.text("Payload Too Large", 413) });
  for (const path of WEBHOOK_PATHS) {
    app.post(path, limit, async (c) => {
      const deps = c.var.deps;
      const expected = (await options.applicationToken?.(deps)) ?? deps.config.B24_APPLICATION_TOKEN ?? null;
      const parsed = parseEvent(await c.req.text());
      if (!expected || parsed.token === null || !sameSecret(parsed.token, expected)) {
        deps.log.warn("bitrix24 event refused", { reason: expected ? "bad token" : "no token configured" });
        return c.json({ status: "unauthorized" }, 401);
      }
      if (!("entity" in parsed)) return c.json({ status: "ignored" }, 200);
      await enqueueSync(deps.db, parsed.entity, parsed.id, parsed.event, deps.now());
      options.onQueued?.(deps);
      return c.json({ status: "ok" }, 200);
    });
  }
  return app;
}
