/**
 * Content-type gate (SECURITY.md B7, B11). hono/csrf only checks form-like content types, so a JSON or
 * text/plain post would skip the Origin check: refuse every body that is not a form before CSRF runs.
 * An encoded body (`Content-Encoding: gzip`, …) is refused too: the server never decompresses.
 */
import type { MiddlewareHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "./env.js";

export const FORM_URLENCODED = "application/x-www-form-urlencoded";
export const MULTIPART = "multipart/form-data";

const NO_BODY_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** The media type of a Content-Type header, lower-cased, without parameters; "" when absent. */
export function mediaTypeOf(contentType: string | undefined): string {
  return (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}

function hasBody(headers: Headers): boolean {
  if (headers.has("transfer-encoding")) return true;
  const length = headers.get("content-length");
  return length !== null && length.trim() !== "0";
}

/**
 * Lets a request through only with one of `allow` as its media type, or with no body at all when
 * `allowEmpty`. Anything else is 415, logged once as a warning by the error handler.
 */
export function requireContentType(allow: readonly string[], options: { allowEmpty: boolean }): MiddlewareHandler<AppEnv> {
  const allowed = new Set(allow);
  return async (c, next) => {
    if (NO_BODY_METHODS.has(c.req.method)) return next();
    const headers = c.req.raw.headers;
    const encoding = headers.get("content-encoding")?.trim().toLowerCase();
    if (encoding && encoding !== "identity") throw new HTTPException(415, { message: "encoded request body" });
    const type = mediaTypeOf(headers.get("content-type") ?? undefined);
    if (type === "") {
      if (options.allowEmpty && !hasBody(headers)) return next();
      throw new HTTPException(415, { message: "request body without a content type" });
    }
    if (!allowed.has(type)) throw new HTTPException(415, { message: "unsupported content type" });
    return next();
  };
}
