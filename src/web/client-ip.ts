import type { Context } from "hono";
import type { AppEnv } from "./env.js";

/**
 * The peer address, or the last X-Forwarded-For hop when the peer is a configured trusted proxy.
 * A direct client cannot spoof its address with a header (SECURITY.md B12). The one rule, used by
 * clientIp() below and by the node-level redirect (src/web/fast-redirect.ts).
 */
export function clientIpFrom(peer: string | undefined, forwardedFor: string | string[] | undefined, trustedProxies: readonly string[]): string {
  const address = peer ?? "unknown";
  if (!trustedProxies.includes(address)) return address;
  const forwarded = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor)?.split(",").at(-1)?.trim();
  return forwarded || address;
}

export function clientIp(c: Context<AppEnv>, trustedProxies: readonly string[]): string {
  const peer = c.env?.incoming?.socket?.remoteAddress;
  if (!trustedProxies.includes(peer ?? "unknown")) return peer ?? "unknown";
  return clientIpFrom(peer, c.env?.incoming?.headers?.["x-forwarded-for"] ?? c.req.header("x-forwarded-for"), trustedProxies);
}
