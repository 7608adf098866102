/** Security headers for every response (SECURITY.md H-1, H-2). */
import type { MiddlewareHandler } from "hono";
import { secureHeaders } from "hono/secure-headers";

/** One year and subdomains (SECURITY.md H-1; Hono's default is 180 days). */
export const HSTS_HEADER = "Strict-Transport-Security";
export const HSTS_VALUE = "max-age=31536000; includeSubDomains";

/**
 * HSTS on every response of an https installation: mounted right after the redirect (which sets the
 * header itself), so landings, embeds, media, /healthz, static files and error pages carry it too.
 */
export function hsts(options: { https: boolean }): MiddlewareHandler | null {
  if (!options.https) return null;
  return async (c, next) => {
    await next();
    try {
      c.res.headers.set(HSTS_HEADER, HSTS_VALUE);
    } catch {
      // Immutable headers (a Response.redirect() or a fetched response): Hono copies the response.
      c.header(HSTS_HEADER, HSTS_VALUE);
    }
  };
}

export function securityHeaders() {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", "data:"],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
    // Set for every response by hsts() above, not only for the cabinet's.
    strictTransportSecurity: false,
    xFrameOptions: "DENY",
    // Not Hono's default no-referrer: with it, browsers send `Origin: null` on same-origin posts,
    // and the CSRF origin check would rest on Sec-Fetch-Site alone.
    referrerPolicy: "strict-origin-when-cross-origin",
    crossOriginOpenerPolicy: "same-origin",
    crossOriginResourcePolicy: "same-origin",
    removePoweredBy: true,
  });
}

/**
 * For a page answered before any header middleware ran (a refused body on /l, /embed or /media):
 * the cabinet's policy, so an error page is never less protected than the page it replaces.
 */
export const FALLBACK_PAGE_HEADERS: Readonly<Record<string, string>> = {
  "Content-Security-Policy":
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Resource-Policy": "same-origin",
};
