import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./env.js";
import type { Logger } from "./logger.js";

/** One JSON line per request: method, path (no query: it may carry personal data), status, duration. */
export function requestLog(log: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    if (c.req.path === "/healthz") return;
    log.info("request", {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      // c.get, not c.var: Hono builds a fresh object of every variable on each c.var read.
      userId: c.get("user")?.id ?? null,
    });
  };
}
