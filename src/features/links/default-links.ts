/** Links every newly approved partner receives; utm_term is the partner's code. */
import { desc, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { type DefaultLink, defaultLinks, links, users } from "../../db/schema.js";
import { auditInsertIfChanged } from "../audit/audit.js";

export type DefaultLinkInput = Pick<DefaultLink, "title" | "targetUrl" | "utmSource" | "utmMedium" | "utmCampaign" | "utmContent">;

export function listDefaultLinks(db: Db): Promise<DefaultLink[]> {
  return db.select().from(defaultLinks).orderBy(desc(defaultLinks.createdAt), desc(defaultLinks.id));
}

export async function createDefaultLink(db: Db, input: DefaultLinkInput, adminId: number, now: number): Promise<void> {
  await db.batch([
    db.insert(defaultLinks).values({ ...input, createdAt: now }),
    auditInsertIfChanged(db, { actorId: adminId, action: "default_link.create", entity: "default_link", entityId: null, after: input, at: now }),
  ]);
}

/** Removes the template; links already given to partners stay theirs. */
export async function deleteDefaultLink(db: Db, id: number, adminId: number, now: number): Promise<boolean> {
  const existing = await db.select().from(defaultLinks).where(eq(defaultLinks.id, id)).get();
  if (!existing) return false;
  await db.batch([
    db.delete(defaultLinks).where(eq(defaultLinks.id, id)),
    auditInsertIfChanged(db, { actorId: adminId, action: "default_link.delete", entity: "default_link", entityId: id, before: existing, at: now }),
  ]);
  return true;
}

/**
 * Gives the partner a link per default-link template, as part of the approval batch: it runs only
 * when the statement before it changed a row (the approval happened), and never twice per template.
 * Codes come from SQLite's randomblob: 10 hex characters, inside /r/:code's alphabet.
 */
export function defaultLinksInsertIfChanged(db: Db, partnerId: number, now: number) {
  return db.run(sql`insert into ${links} (partner_id, code, title, link_type, target_url, utm_source, utm_medium,
      utm_campaign, utm_content, utm_term, is_active, default_link_id, created_at, updated_at)
    select ${partnerId}, lower(hex(randomblob(5))), d.title, 'direct', d.target_url, d.utm_source, d.utm_medium,
      d.utm_campaign, d.utm_content, (select ${users.partnerCode} from ${users} where ${users.id} = ${partnerId}), 1, d.id, ${now}, ${now}
    from ${defaultLinks} d
    where changes() > 0
    on conflict do nothing`);
}
