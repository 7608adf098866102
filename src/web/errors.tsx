/** Not-found and error pages in Russian; unexpected errors are logged once, never shown. */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { ErrorPage } from "../../views/errors/error-page.js";
import { t } from "../i18n/ru.js";
import type { AppEnv } from "./env.js";
import { renderPage } from "./render.js";

const home = (c: Context<AppEnv>) => (c.var.user ? (c.var.user.role === "admin" ? "/admin" : "/dashboard") : "/login");

function errorPage(c: Context<AppEnv>, status: ContentfulStatusCode, heading: string, text: string) {
  return renderPage(c, heading, <ErrorPage heading={heading} text={text} homeHref={home(c)} />, { status });
}

export function notFound(c: Context<AppEnv>) {
  return errorPage(c, 404, t.errors.notFoundTitle, t.errors.notFoundText);
}

export async function onError(error: Error, c: Context<AppEnv>) {
  // The chrome loader and session may be missing when the failure happened before they were set.
  if (!c.var.loadChrome) c.set("loadChrome", async () => ({ kind: "public" }));
  if (c.var.user === undefined) c.set("user", null);
  if (error instanceof HTTPException) {
    const status = error.status;
    if (status === 404) return notFound(c);
    if (status === 403) return errorPage(c, 403, t.errors.forbiddenTitle, t.errors.forbiddenText);
    if (status === 413) return errorPage(c, 413, t.errors.tooLargeTitle, t.errors.tooLargeText);
    if (status === 401) return c.redirect("/login", 303);
    if (status < 500) return errorPage(c, status as ContentfulStatusCode, t.errors.forbiddenTitle, t.errors.forbiddenText);
  }
  c.var.deps.log.error("request failed", {
    method: c.req.method,
    path: c.req.path,
    userId: c.var.user?.id ?? null,
    error: error.message,
    stack: error.stack,
  });
  return errorPage(c, 500, t.errors.serverTitle, t.errors.serverText);
}
