/**
 * GET /r/:code (and the reference system's /api/public/r/:code, so printed QR codes keep working).
 * The hot path: no session, no body parsing, usually no DB read (RedirectCache), and the click is
 * only pushed to an in-memory buffer.
 *
 * The redirect decision (which target, which headers, click or no click) is made once, here, by
 * createRedirector(); two adapters use it: the Hono route below (app.request tests, cache misses)
 * and the node-level fast path in front of Hono (src/web/fast-redirect.ts) for cached codes.
 */
import type { MiddlewareHandler } from "hono";
import { clientIpFrom } from "../../web/client-ip.js";
import type { AppEnv } from "../../web/env.js";
import { HSTS_VALUE } from "../../web/security.js";
import type { ClickRecorder } from "./click-recorder.js";
import { LINK_CODE } from "./links.js";
import type { RedirectCache, RedirectTarget } from "./redirect-cache.js";

export type RedirectDeps = {
  redirects: RedirectCache;
  clicks: ClickRecorder;
  now: () => number;
  trustedProxies: readonly string[];
  /** An https installation: the redirect carries HSTS itself, since no middleware runs before it. */
  hsts?: boolean;
};

/** What the redirect needs of the request, read from node's already-parsed headers where there are some. */
export type Visit = {
  peer: string | undefined;
  forwardedFor: string | string[] | undefined;
  userAgent: string | undefined;
  referer: string | undefined;
};

export type Redirector = {
  /** Without waiting: the target, null (malformed, unknown or refused code: the 404 page), undefined (not cached yet). */
  peek(code: string): RedirectTarget | null | undefined;
  /** The target, reading the database on a cache miss; null for the 404 page. */
  resolve(code: string): Promise<RedirectTarget | null>;
  /** Records the click (unless the link counts its visit on its own page) and returns the 302's headers. */
  answer(target: RedirectTarget, visit: Visit): Record<string, string>;
};

export function createRedirector(deps: RedirectDeps): Redirector {
  const hsts = deps.hsts ? HSTS_VALUE : null;
  return {
    // Odd codes never reach the database.
    peek: (code) => (LINK_CODE.test(code) ? deps.redirects.peek(code) : null),
    resolve: async (code) => (LINK_CODE.test(code) ? deps.redirects.resolve(code) : null),
    answer(target, visit) {
      if (target.countClick)
        deps.clicks.record({
          linkId: target.linkId,
          at: deps.now(),
          ip: clientIpFrom(visit.peer, visit.forwardedFor, deps.trustedProxies),
          userAgent: visit.userAgent ?? "",
          referer: visit.referer ?? null,
        });
      // The order node writes them in; the fast path and the route send the same bytes.
      const out: Record<string, string> = { location: target.location, "cache-control": "no-store", "content-length": "0" };
      if (hsts) out["strict-transport-security"] = hsts;
      return out;
    },
  };
}

export function redirectHandler(deps: RedirectDeps): MiddlewareHandler<AppEnv> {
  const redirector = createRedirector(deps);
  return async (c, next) => {
    const code = c.req.param("code") ?? "";
    let target = redirector.peek(code);
    if (target === undefined) target = await redirector.resolve(code);
    // An unknown code falls through to the visitor's dead-link page (landings/public-routes.tsx), rendered once and copied.
    if (!target) return next();
    // Node's already-parsed headers: building a fetch Headers object costs more than the redirect.
    const incoming = c.env?.incoming;
    const headers = incoming?.headers;
    const visit: Visit = headers
      ? { peer: incoming.socket?.remoteAddress, forwardedFor: headers["x-forwarded-for"], userAgent: headers["user-agent"], referer: headers.referer }
      : {
          peer: incoming?.socket?.remoteAddress,
          forwardedFor: c.req.header("x-forwarded-for"),
          userAgent: c.req.header("user-agent"),
          referer: c.req.header("referer"),
        };
    return new Response(null, { status: 302, headers: redirector.answer(target, visit) });
  };
}
