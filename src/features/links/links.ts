/** Partner links: create, edit, (de)activate (the list with figures is list.ts). Every query is scoped by partner. */
import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { type Link, links } from "../../db/schema.js";
import { redirectUrl } from "../../lib/target-url.js";

export type LinkInput = {
  title: string;
  /** Direct when left out. */
  linkType?: "direct" | "landing" | "iframe";
  /** Required for direct links only. */
  targetUrl: string | null;
  /** The partner's own landing, for landing links only (checked by the caller with getLanding). */
  landingId?: number | null;
  utmSource: string | null;
  utmMedium: string | null;
  utmCampaign: string | null;
  utmContent: string | null;
  utmTerm: string | null;
};

const CODE_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
export const LINK_CODE = /^[A-Za-z0-9_-]{10}$/;

/** 10 URL-safe characters, 60 bits: 64 symbols, so no modulo bias. */
export function generateLinkCode(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(10));
  return Array.from(bytes, (b) => CODE_ALPHABET[b & 63]).join("");
}

export async function createLink(db: Db, partnerId: number, input: LinkInput, now: number): Promise<Link> {
  for (let attempt = 0; ; attempt++) {
    try {
      const [link] = await db
        .insert(links)
        .values({ ...input, partnerId, code: generateLinkCode(), createdAt: now, updatedAt: now })
        .returning();
      if (!link) throw new Error("insert returned no row");
      return link;
    } catch (error) {
      // A code collision (1 in 10^18 per pair) is retried; anything else is a real error.
      if (attempt < 3 && String((error as { cause?: unknown }).cause ?? error).includes("links.code")) continue;
      throw error;
    }
  }
}

/** The partner's own link, or null: another partner's id looks exactly like a missing one. */
export async function getLink(db: Db, partnerId: number, linkId: number): Promise<Link | null> {
  return (
    (await db
      .select()
      .from(links)
      .where(and(eq(links.id, linkId), eq(links.partnerId, partnerId)))
      .get()) ?? null
  );
}

export async function updateLink(db: Db, partnerId: number, linkId: number, input: LinkInput, now: number): Promise<Link | null> {
  const [link] = await db
    .update(links)
    .set({ ...input, updatedAt: now })
    .where(and(eq(links.id, linkId), eq(links.partnerId, partnerId)))
    .returning();
  return link ?? null;
}

export async function setLinkActive(db: Db, partnerId: number, linkId: number, active: boolean, now: number): Promise<Link | null> {
  const [link] = await db
    .update(links)
    .set({ isActive: active, updatedAt: now })
    .where(and(eq(links.id, linkId), eq(links.partnerId, partnerId)))
    .returning();
  return link ?? null;
}

/**
 * Where /r/:code sends a visitor. Direct links: the target with the link's UTMs merged in, re-checked
 * as at save time against today's rules and `allowedHosts` (the admin's allowlist), and always
 * header-safe visible ASCII — null when the stored target cannot be sent (→ the 404 page). Landing
 * and iframe links: their own public page (a path on our origin), which records the click itself.
 */
export function redirectLocation(
  link: Pick<Link, "code" | "linkType" | "targetUrl" | "utmSource" | "utmMedium" | "utmCampaign" | "utmContent" | "utmTerm">,
  allowedHosts: readonly string[] = [],
): string | null {
  if (link.linkType === "landing" || link.linkType === "iframe") {
    // Codes made by SQLite (default links) are hex; anything else never reaches a header.
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(link.code)) return null;
    // An iframe link's short link is opened on its own (a messenger, a QR code): its page, not the bare form.
    return link.linkType === "landing" ? `/l/${link.code}` : `/embed/${link.code}?view=page`;
  }
  if (!link.targetUrl) return null;
  return redirectUrl(
    link.targetUrl,
    { utm_source: link.utmSource, utm_medium: link.utmMedium, utm_campaign: link.utmCampaign, utm_content: link.utmContent, utm_term: link.utmTerm },
    allowedHosts,
  );
}

/** Looks up an active link by its public code, for the redirect cache: null when there is none or it may not redirect. */
export async function findActiveLinkByCode(db: Db, code: string, allowedHosts: readonly string[] = []) {
  const link = await db
    .select()
    .from(links)
    .where(and(eq(links.code, code), eq(links.isActive, true)))
    .get();
  if (!link) return null;
  const location = redirectLocation(link, allowedHosts);
  // Landing and iframe pages count their own visit; counting at /r/ too would count it twice.
  return location ? { linkId: link.id, location, countClick: link.linkType === "direct" } : null;
}

/** An active link of a given type by its public code (public landing and embed pages). */
export async function findActivePublicLink(db: Db, code: string, linkType: "landing" | "iframe"): Promise<Link | null> {
  return (
    (await db
      .select()
      .from(links)
      .where(and(eq(links.code, code), eq(links.isActive, true), eq(links.linkType, linkType)))
      .get()) ?? null
  );
}

export async function countLinks(db: Db, partnerId: number): Promise<number> {
  return db.$count(links, eq(links.partnerId, partnerId));
}
