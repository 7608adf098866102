/**
 * GET /r/:code (and the reference system's /api/public/r/:code, so printed QR codes keep working).
 * The hot path: no session, no body parsing, usually no DB read (RedirectCache), and the click is
 * only pushed to an in-memory buffer.
 */
import type { MiddlewareHandler } from "hono";
import { clientIp } from "../../web/client-ip.js";
import type { AppEnv } from "../../web/env.js";
import { HSTS_VALUE } from "../../web/security.js";
import type { ClickRecorder } from "./click-recorder.js";
import { LINK_CODE } from "./links.js";
import type { RedirectCache } from "./redirect-cache.js";

export function redirectHandler(deps: {
  redirects: RedirectCache;
  clicks: ClickRecorder;
  now: () => number;
  trustedProxies: readonly string[];
  /** An https installation: the redirect carries HSTS itself, since no middleware runs before it. */
  hsts?: boolean;
}): MiddlewareHandler<AppEnv> {
  const hsts = deps.hsts ? HSTS_VALUE : null;
  return async (c, next) => {
    const code = c.req.param("code") ?? "";
    // Odd codes never reach the database; an unknown code falls through to the Russian 404 page.
    if (!LINK_CODE.test(code)) return next();
    const target = await deps.redirects.resolve(code);
    if (!target) return next();
    // Node's already-parsed headers: building a fetch Headers object costs more than the redirect.
    const headers = c.env?.incoming?.headers;
    if (target.countClick)
      deps.clicks.record({
        linkId: target.linkId,
        at: deps.now(),
        ip: clientIp(c, deps.trustedProxies),
        userAgent: (headers ? headers["user-agent"] : c.req.header("user-agent")) ?? "",
        referer: (headers ? headers.referer : c.req.header("referer")) ?? null,
      });
    const out: Record<string, string> = { location: target.location, "cache-control": "no-store", "content-length": "0" };
    if (hsts) out["strict-transport-security"] = hsts;
    return new Response(null, { status: 302, headers: out });
  };
}
