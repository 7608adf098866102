import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { AppEnv } from "../web/env.js";

/** `__Host-` pins the cookie to our host over HTTPS; plain http (local start) cannot use the prefix. */
export const sessionCookieNameFor = (secureCookies: boolean) => (secureCookies ? "__Host-session" : "session");

export function sessionCookieName(c: Context<AppEnv>): string {
  return sessionCookieNameFor(c.var.deps.config.secureCookies);
}

export function readSessionCookie(c: Context<AppEnv>): string | undefined {
  return getCookie(c, sessionCookieName(c));
}

export function setSessionCookie(c: Context<AppEnv>, token: string, expiresAt: number, now: number): void {
  setCookie(c, sessionCookieName(c), token, {
    path: "/",
    httpOnly: true,
    sameSite: "Lax",
    secure: c.var.deps.config.secureCookies,
    maxAge: Math.max(0, Math.floor((expiresAt - now) / 1000)),
  });
}

export function deleteSessionCookie(c: Context<AppEnv>): void {
  deleteCookie(c, sessionCookieName(c), { path: "/", secure: c.var.deps.config.secureCookies });
}
