/** Session loading and access guards. Guards fail closed: anonymous → login, wrong role → 404. */
import type { Context, MiddlewareHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../web/env.js";
import { deleteSessionCookie, readSessionCookie, setSessionCookie } from "./cookie.js";
import type { SessionUser } from "./session.js";
import { validateSessionToken } from "./session.js";

/** Loads the session from the cookie into c.var.user; slides the cookie when the session was extended. */
export const loadSession: MiddlewareHandler<AppEnv> = async (c, next) => {
  c.set("user", null);
  c.set("session", null);
  const token = readSessionCookie(c);
  if (token) {
    const now = c.var.deps.now();
    const result = await validateSessionToken(c.var.deps.db, token, now);
    if (result) {
      c.set("user", result.user);
      c.set("session", result.session);
      if (result.session.lastExtendedAt === now) setSessionCookie(c, token, result.session.expiresAt, now);
    } else {
      deleteSessionCookie(c);
    }
  }
  await next();
  // Pages behind a session must never be cached by a browser or proxy.
  if (c.var.user) c.header("Cache-Control", "no-store");
};

function redirectToLogin(c: Context<AppEnv>): Response {
  if (c.req.header("hx-request") === "true") {
    // A polled fragment (bell, badge) is no place to land after signing in: return to the page instead.
    const page = pathOf(c.req.header("hx-current-url"));
    c.header("HX-Redirect", page ? `/login?next=${encodeURIComponent(page)}` : "/login");
    return c.body(null, 204);
  }
  const next = c.req.method === "GET" ? `?next=${encodeURIComponent(c.req.path)}` : "";
  return c.redirect(`/login${next}`, 303);
}

function pathOf(url: string | undefined): string | null {
  try {
    return url ? new URL(url).pathname : null;
  } catch {
    return null;
  }
}

/** Any signed-in user (partner or admin). */
export const requireUser: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!c.var.user) return redirectToLogin(c);
  await next();
};

/** Partner pages; an admin is sent to the admin overview instead. */
export const requirePartner: MiddlewareHandler<AppEnv> = async (c, next) => {
  const user = c.var.user;
  if (!user) return redirectToLogin(c);
  if (user.role !== "partner") return c.redirect("/admin", 303);
  await next();
};

/** Admin pages answer 404 to everyone else, so their existence is not revealed. */
export const requireAdmin: MiddlewareHandler<AppEnv> = async (c, next) => {
  const user = c.var.user;
  if (!user) return redirectToLogin(c);
  if (user.role !== "admin") throw new HTTPException(404);
  await next();
};

/** The signed-in user in a handler behind a guard. */
export function currentUser(c: Context<AppEnv>): SessionUser {
  const user = c.var.user;
  if (!user) throw new HTTPException(401);
  return user;
}
