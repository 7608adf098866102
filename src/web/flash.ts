/** One-shot messages carried across a 303 redirect in a signed cookie. */
import type { Context } from "hono";
import { deleteCookie, getSignedCookie, setSignedCookie } from "hono/cookie";
import type { AppEnv } from "./env.js";

export type FlashKind = "success" | "error" | "info";
export type FlashMessage = { kind: FlashKind; text: string };

const COOKIE = "flash";

export async function setFlash(c: Context<AppEnv>, flash: FlashMessage): Promise<void> {
  await setSignedCookie(c, COOKIE, JSON.stringify(flash), c.var.deps.appSecret, {
    path: "/",
    httpOnly: true,
    sameSite: "Lax",
    secure: c.var.deps.config.secureCookies,
    maxAge: 60,
  });
}

/** Reads and clears the flash; a tampered or malformed cookie is ignored. */
export async function takeFlash(c: Context<AppEnv>): Promise<FlashMessage | null> {
  const raw = await getSignedCookie(c, c.var.deps.appSecret, COOKIE);
  if (raw === undefined) return null;
  deleteCookie(c, COOKIE, { path: "/", secure: c.var.deps.config.secureCookies });
  if (raw === false) return null;
  try {
    const value = JSON.parse(raw) as Partial<FlashMessage>;
    if (typeof value.text !== "string" || !["success", "error", "info"].includes(String(value.kind))) return null;
    return { kind: value.kind as FlashKind, text: value.text };
  } catch {
    return null;
  }
}
