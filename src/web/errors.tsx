/** Not-found and error pages in Russian; unexpected errors are logged once, never shown. */

import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { ErrorPage } from "../../views/errors/error-page.js";
import { DEFAULT_BRAND } from "../../views/layouts/chrome.js";
import { PASSWORD_BUSY_RETRY_S, PasswordBusyError } from "../auth/password.js";
import { t } from "../i18n/ru.js";
import type { AppEnv } from "./env.js";
import { renderPage } from "./render.js";
import { FALLBACK_PAGE_HEADERS } from "./security.js";
import { storageErrorPage, storageProblem } from "./storage-errors.js";

const home = (c: Context<AppEnv>) => (c.var.user ? (c.var.user.role === "admin" ? "/admin" : "/dashboard") : "/login");

async function errorPage(c: Context<AppEnv>, status: ContentfulStatusCode, heading: string, text: string) {
  const res = await renderPage(c, heading, <ErrorPage heading={heading} text={text} homeHref={home(c)} />, { status });
  // Refused before the header middlewares ran (e.g. a bad body on a landing): give it the cabinet's policy.
  if (!res.headers.has("content-security-policy")) for (const [name, value] of Object.entries(FALLBACK_PAGE_HEADERS)) res.headers.set(name, value);
  return res;
}

export function notFound(c: Context<AppEnv>) {
  return errorPage(c, 404, t.errors.notFoundTitle, t.errors.notFoundText);
}

/** Refusals of the request's form (SECURITY.md B2, B7, B11): a 4xx page in Russian and one warning, never an error line. */
const REFUSED: Partial<Record<number, { title: string; text: string }>> = {
  400: { title: t.errors.badRequestTitle, text: t.errors.badRequestText },
  405: { title: t.errors.methodTitle, text: t.errors.methodText },
  413: { title: t.errors.tooLargeTitle, text: t.errors.tooLargeText },
  415: { title: t.errors.unsupportedTypeTitle, text: t.errors.unsupportedTypeText },
};

/**
 * A body that cannot be parsed: undici's formData() throws a TypeError ("Failed to parse body as
 * FormData."), decodeURIComponent a URIError, JSON.parse a SyntaxError. Anything else is a bug.
 */
export function isBodyParseError(error: unknown): boolean {
  if (error instanceof URIError) return true;
  if (error instanceof TypeError) return /form ?data|multipart|boundary/i.test(error.message);
  return error instanceof SyntaxError && /JSON/.test(error.message);
}

/** The 400/405/413/415 page with one warn line; null for anything that is not such a refusal. */
export function refusedRequest(error: Error, c: Context<AppEnv>, allow?: readonly string[]) {
  const status = error instanceof HTTPException ? error.status : isBodyParseError(error) ? 400 : null;
  const page = status === null ? undefined : REFUSED[status];
  if (status === null || !page) return null;
  c.var.deps?.log.warn("request refused", { status, method: c.req.method, path: c.req.path, reason: error.message });
  if (allow) c.header("Allow", allow.join(", "));
  return errorPage(c, status as ContentfulStatusCode, page.title, page.text);
}

/** A known path asked with a method it does not have: 405 with `Allow`. */
export function methodNotAllowed(c: Context<AppEnv>, allow: readonly string[]) {
  return refusedRequest(new HTTPException(405, { message: "method not allowed" }), c, allow) ?? notFound(c);
}

export async function onError(error: Error, c: Context<AppEnv>) {
  // The chrome loader and session may be missing when the failure happened before they were set.
  if (!c.var.loadChrome) c.set("loadChrome", async () => ({ kind: "public", brand: DEFAULT_BRAND }));
  if (c.var.user === undefined) c.set("user", null);
  const refused = refusedRequest(error, c);
  if (refused) return refused;
  if (error instanceof HTTPException) {
    const status = error.status;
    if (status === 404) return notFound(c);
    if (status === 403) return errorPage(c, 403, t.errors.forbiddenTitle, t.errors.forbiddenText);
    if (status === 401) return c.redirect("/login", 303);
    if (status < 500) return errorPage(c, status as ContentfulStatusCode, t.errors.forbiddenTitle, t.errors.forbiddenText);
  }
  // Any route that hashes a password (sign-up, admin-created partners, sudo mode) when the queue is full (SECURITY.md L5).
  if (error instanceof PasswordBusyError) {
    c.var.deps?.log.warn("password hashing queue full", { method: c.req.method, path: c.req.path });
    c.header("Retry-After", String(PASSWORD_BUSY_RETRY_S));
    return errorPage(c, 429, t.auth.errors.busyTitle, t.auth.errors.busy(PASSWORD_BUSY_RETRY_S));
  }
  // SECURITY.md F8: a full disk or read-only storage is 503 + Retry-After, not a 500 (storage-errors.tsx).
  const storage = storageProblem(error);
  if (storage) return storageErrorPage(c, error, storage);
  c.var.deps.log.error("request failed", {
    method: c.req.method,
    path: c.req.path,
    userId: c.var.user?.id ?? null,
    error: error.message,
    stack: error.stack,
  });
  return errorPage(c, 500, t.errors.serverTitle, t.errors.serverText);
}
