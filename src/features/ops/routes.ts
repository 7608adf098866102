/**
 * `GET /healthz`: liveness and readiness in one JSON answer (PRODUCT.md §12). 200 while the database
 * answers, 503 when it does not; the Docker HEALTHCHECK looks at the status only. Never logged
 * (request-log.ts skips it) and never carries a secret: counts, ages and times only.
 */
import { Hono } from "hono";
import type { AppEnv } from "../../web/env.js";
import { loadCrmSettings } from "../crm/settings/crm-settings.js";
import { RECONCILED_AT_KEY } from "../crm/sync/sync.js";
import { readHealth } from "./health.js";

export function healthRoutes() {
  const app = new Hono<AppEnv>();
  app.get("/healthz", async (c) => {
    const { deps } = c.var;
    const health = await readHealth(deps.client, deps.now(), RECONCILED_AT_KEY);
    const ok = health.db === "ok";
    const configured = ok
      ? await loadCrmSettings(deps.db, deps.config).then(
          (s) => s.webhookUrl !== null,
          () => null,
        )
      : null;
    c.header("Cache-Control", "no-store");
    return c.json(
      {
        status: ok ? "ok" : "error",
        db: health.db,
        uptimeS: Math.round(process.uptime()),
        delivery: health.delivery,
        clicks: { buffered: deps.clicks.pending, dropped: deps.clicks.dropped },
        crm: health.crmSync && { configured, ...health.crmSync },
      },
      ok ? 200 : 503,
    );
  });
  return app;
}
