/** The only place that reads htmx request headers. */
import type { Context } from "hono";
import type { AppEnv } from "./env.js";
import { type FlashMessage, setFlash } from "./flash.js";

/** True for an htmx request that wants a fragment (not boosted, not a history restore). */
export function isFragment(c: Context<AppEnv>): boolean {
  c.header("Vary", "HX-Request", { append: true });
  if (c.req.header("hx-request") !== "true") return false;
  if (c.req.header("hx-boosted") === "true") return false;
  return c.req.header("hx-request-type") !== "full";
}

/**
 * After a successful POST: 303 to `url` (plain forms), or HX-Redirect for htmx, with an optional
 * flash shown on the next page.
 */
export async function redirectTo(c: Context<AppEnv>, url: string, flash?: FlashMessage): Promise<Response> {
  if (flash) await setFlash(c, flash);
  if (c.req.header("hx-request") === "true") {
    c.header("HX-Redirect", url);
    return c.body(null, 204);
  }
  return c.redirect(url, 303);
}
