/** Landing pages of a partner: settings and ordered images. Every query is scoped by partner. */
import { and, asc, desc, eq, gt, lt, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { clients, type Landing, type LandingImage, type Link, landingImages, landings, linkDailyStats, links } from "../../db/schema.js";
import { outer } from "../../db/sql.js";
import { createLink, generateLinkCode } from "../links/links.js";

export type LandingInput = Pick<Landing, "title" | "headerText" | "description" | "buttonText" | "themeColor">;

export async function createLanding(db: Db, partnerId: number, input: LandingInput, now: number): Promise<Landing> {
  const [landing] = await db
    .insert(landings)
    .values({ ...input, partnerId, createdAt: now, updatedAt: now })
    .returning();
  if (!landing) throw new Error("insert returned no row");
  return landing;
}

/**
 * A new landing with its public address: the landing and a landing link to it in one batch, so a
 * landing never exists without the /l/:code a visitor opens (a code collision retries the batch).
 */
export async function createLandingWithLink(db: Db, partnerId: number, input: LandingInput, now: number): Promise<{ landing: Landing; link: Link }> {
  for (let attempt = 0; ; attempt++) {
    try {
      const [[landing], [link]] = await db.batch([
        db
          .insert(landings)
          .values({ ...input, partnerId, createdAt: now, updatedAt: now })
          .returning(),
        db
          .insert(links)
          .values({
            partnerId,
            code: generateLinkCode(),
            title: input.title,
            linkType: "landing",
            targetUrl: null,
            // The batch is one write transaction: the partner's newest landing is the row just inserted.
            landingId: sql`(select max(${landings.id}) from ${landings} where ${landings.partnerId} = ${partnerId})`,
            createdAt: now,
            updatedAt: now,
          })
          .returning(),
      ]);
      if (!landing || !link) throw new Error("insert returned no row");
      return { landing, link };
    } catch (error) {
      if (attempt < 3 && String((error as { cause?: unknown }).cause ?? error).includes("links.code")) continue;
      throw error;
    }
  }
}

export type LandingAddress = { linkId: number; code: string };

/** The landing's public address: its oldest active landing link (the one made with it, unless switched off). */
export async function getLandingAddress(db: Db, partnerId: number, landingId: number): Promise<LandingAddress | null> {
  return (
    (await db
      .select({ linkId: links.id, code: links.code })
      .from(links)
      .where(and(eq(links.partnerId, partnerId), eq(links.landingId, landingId), eq(links.linkType, "landing"), eq(links.isActive, true)))
      .orderBy(asc(links.id))
      .limit(1)
      .get()) ?? null
  );
}

/** Gives a landing without an active link (made before addresses came with landings) its address. */
export async function createLandingAddress(db: Db, landing: Landing, now: number): Promise<LandingAddress> {
  const link = await createLink(
    db,
    landing.partnerId,
    {
      title: landing.title,
      linkType: "landing",
      targetUrl: null,
      landingId: landing.id,
      utmSource: null,
      utmMedium: null,
      utmCampaign: null,
      utmContent: null,
      utmTerm: null,
    },
    now,
  );
  return { linkId: link.id, code: link.code };
}

export async function getLanding(db: Db, partnerId: number, landingId: number): Promise<Landing | null> {
  return (
    (await db
      .select()
      .from(landings)
      .where(and(eq(landings.id, landingId), eq(landings.partnerId, partnerId)))
      .get()) ?? null
  );
}

export async function updateLanding(db: Db, partnerId: number, landingId: number, input: LandingInput, now: number) {
  const [landing] = await db
    .update(landings)
    .set({ ...input, updatedAt: now })
    .where(and(eq(landings.id, landingId), eq(landings.partnerId, partnerId)))
    .returning();
  return landing ?? null;
}

export async function setLandingActive(db: Db, partnerId: number, landingId: number, active: boolean, now: number) {
  const [landing] = await db
    .update(landings)
    .set({ isActive: active, updatedAt: now })
    .where(and(eq(landings.id, landingId), eq(landings.partnerId, partnerId)))
    .returning();
  return landing ?? null;
}

export type LandingSummary = Landing & {
  imageCount: number;
  firstImage: string | null;
  linkCount: number;
  visits: number;
  leads: number;
  address: LandingAddress | null;
};

export async function listLandings(db: Db, partnerId: number): Promise<LandingSummary[]> {
  const [rows, addresses] = await Promise.all([
    db
      .select({
        landing: landings,
        imageCount: sql<number>`(select count(*) from ${landingImages} where ${landingImages.landingId} = ${outer(landings.id)})`,
        firstImage: sql<
          string | null
        >`(select ${landingImages.fileName} from ${landingImages} where ${landingImages.landingId} = ${outer(landings.id)} order by ${landingImages.sortOrder} limit 1)`,
        linkCount: sql<number>`(select count(*) from ${links} where ${links.landingId} = ${outer(landings.id)} and ${links.partnerId} = ${partnerId})`,
        // Landing links count their visits on the landing page itself (never at /r/), once each.
        visits: sql<number>`(select coalesce(sum(${linkDailyStats.clicks}), 0) from ${linkDailyStats} join ${links} on ${links.id} = ${linkDailyStats.linkId}
          where ${links.landingId} = ${outer(landings.id)} and ${links.partnerId} = ${partnerId})`,
        leads: sql<number>`(select count(*) from ${clients} where ${clients.landingId} = ${outer(landings.id)} and ${clients.partnerId} = ${partnerId})`,
      })
      .from(landings)
      .where(eq(landings.partnerId, partnerId))
      .orderBy(desc(landings.isActive), desc(landings.createdAt), desc(landings.id)),
    db
      .select({ landingId: links.landingId, linkId: links.id, code: links.code })
      .from(links)
      .where(and(eq(links.partnerId, partnerId), eq(links.linkType, "landing"), eq(links.isActive, true)))
      .orderBy(desc(links.id)),
  ]);
  // Ordered newest first, so the last one written per landing is its oldest active link.
  const byLanding = new Map<number, LandingAddress>();
  for (const a of addresses) if (a.landingId !== null) byLanding.set(a.landingId, { linkId: a.linkId, code: a.code });
  return rows.map((r) => ({
    ...r.landing,
    imageCount: r.imageCount,
    firstImage: r.firstImage,
    linkCount: r.linkCount,
    visits: r.visits,
    leads: r.leads,
    address: byLanding.get(r.landing.id) ?? null,
  }));
}

/** Active landings for the link form's picker. */
export async function listActiveLandingChoices(db: Db, partnerId: number) {
  return db
    .select({ id: landings.id, title: landings.title })
    .from(landings)
    .where(and(eq(landings.partnerId, partnerId), eq(landings.isActive, true)))
    .orderBy(landings.title);
}

export function listImages(db: Db, landingId: number): Promise<LandingImage[]> {
  return db.select().from(landingImages).where(eq(landingImages.landingId, landingId)).orderBy(asc(landingImages.sortOrder), asc(landingImages.id));
}

export type StoredImage = Pick<LandingImage, "fileName" | "mime" | "width" | "height" | "bytes">;

/** Appends images after the last one, in the order given. */
export async function addImages(db: Db, landingId: number, images: StoredImage[], now: number): Promise<void> {
  const last = await db
    .select({ max: sql<number | null>`max(${landingImages.sortOrder})` })
    .from(landingImages)
    .where(eq(landingImages.landingId, landingId))
    .get();
  const start = (last?.max ?? 0) + 1;
  if (images.length === 0) return;
  await db.insert(landingImages).values(images.map((img, i) => ({ ...img, landingId, sortOrder: start + i, createdAt: now })));
}

export async function getImage(db: Db, landingId: number, imageId: number): Promise<LandingImage | null> {
  return (
    (await db
      .select()
      .from(landingImages)
      .where(and(eq(landingImages.id, imageId), eq(landingImages.landingId, landingId)))
      .get()) ?? null
  );
}

export async function deleteImage(db: Db, landingId: number, imageId: number): Promise<LandingImage | null> {
  const [deleted] = await db
    .delete(landingImages)
    .where(and(eq(landingImages.id, imageId), eq(landingImages.landingId, landingId)))
    .returning();
  return deleted ?? null;
}

/** Swaps an image with its neighbour ("up" = earlier in the slider). */
export async function moveImage(db: Db, landingId: number, imageId: number, direction: "up" | "down"): Promise<boolean> {
  const image = await getImage(db, landingId, imageId);
  if (!image) return false;
  const neighbour = await db
    .select()
    .from(landingImages)
    .where(
      and(
        eq(landingImages.landingId, landingId),
        direction === "up" ? lt(landingImages.sortOrder, image.sortOrder) : gt(landingImages.sortOrder, image.sortOrder),
      ),
    )
    .orderBy(direction === "up" ? desc(landingImages.sortOrder) : asc(landingImages.sortOrder))
    .limit(1)
    .get();
  if (!neighbour) return true;
  await db.batch([
    db.update(landingImages).set({ sortOrder: neighbour.sortOrder }).where(eq(landingImages.id, image.id)),
    db.update(landingImages).set({ sortOrder: image.sortOrder }).where(eq(landingImages.id, neighbour.id)),
  ]);
  return true;
}

export type PublicLanding = { link: Link; landing: Landing | null; images: LandingImage[] };

/**
 * What a visitor's page needs: the active link of the given type and, for landing links, its
 * active landing with images. Null (→ 404) when anything is switched off.
 */
export async function getPublicPage(db: Db, code: string, linkType: "landing" | "iframe"): Promise<PublicLanding | null> {
  const row = await db
    .select({ link: links, landing: landings })
    .from(links)
    .leftJoin(landings, and(eq(landings.id, links.landingId), eq(landings.partnerId, links.partnerId)))
    .where(and(eq(links.code, code), eq(links.isActive, true), eq(links.linkType, linkType)))
    .get();
  if (!row) return null;
  if (linkType === "iframe") return { link: row.link, landing: null, images: [] };
  if (!row.landing?.isActive) return null;
  return { link: row.link, landing: row.landing, images: await listImages(db, row.landing.id) };
}
