import type { Context } from "hono";
import type { AppEnv } from "./env.js";

/**
 * The peer address, or the first X-Forwarded-For hop when the peer is a configured trusted proxy.
 * A direct client cannot spoof its address with a header (SECURITY.md B12).
 */
export function clientIp(c: Context<AppEnv>, trustedProxies: readonly string[]): string {
  const peer = c.env?.incoming?.socket?.remoteAddress ?? "unknown";
  if (!trustedProxies.includes(peer)) return peer;
  const header = c.env?.incoming?.headers?.["x-forwarded-for"] ?? c.req.header("x-forwarded-for");
  const forwarded = (Array.isArray(header) ? header.join(",") : header)?.split(",").at(-1)?.trim();
  return forwarded || peer;
}
