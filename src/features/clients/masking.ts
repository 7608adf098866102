/** The admin setting that hides client phones and emails from partners (on unless switched off). */
import { ne } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { settings } from "../../db/schema.js";
import { maskEmail, maskPhone } from "../../lib/mask.js";
import { auditInsertIfChanged } from "../audit/audit.js";
import { getSetting } from "../settings/settings.js";

const KEY = "mask_client_contacts";

export async function getMaskContacts(db: Db): Promise<boolean> {
  return (await getSetting(db, KEY)) !== "0";
}

/** Stores the setting and audits it in one batch; saving the current value again writes nothing. */
export async function setMaskContacts(db: Db, value: boolean, adminId: number, now: number): Promise<void> {
  const before = await getMaskContacts(db);
  // Switching on what is already on (the default, with no row stored yet) changes nothing to audit.
  if (before === value) return;
  const stored = value ? "1" : "0";
  await db.batch([
    db
      .insert(settings)
      .values({ key: KEY, value: stored, updatedAt: now })
      .onConflictDoUpdate({ target: settings.key, set: { value: stored, updatedAt: now }, setWhere: ne(settings.value, stored) }),
    auditInsertIfChanged(db, {
      actorId: adminId,
      action: "settings.contact_masking",
      entity: "settings",
      entityId: null,
      before: { maskContacts: before },
      after: { maskContacts: value },
      at: now,
    }),
  ]);
}

/** The contacts as a viewer may see them. */
export function presentContacts<T extends { phone: string | null; email: string | null }>(client: T, masked: boolean): T {
  if (!masked) return client;
  return { ...client, phone: client.phone && maskPhone(client.phone), email: client.email && maskEmail(client.email) };
}
