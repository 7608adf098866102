import { eq } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { settings } from "../../db/schema.js";
import { generateToken } from "../../lib/random.js";

export async function getSetting(db: Db, key: string): Promise<string | null> {
  const row = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, key)).get();
  return row?.value ?? null;
}

export async function setSetting(db: Db, key: string, value: string, now: number): Promise<void> {
  await db
    .insert(settings)
    .values({ key, value, updatedAt: now })
    .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: now } });
}

/** A per-installation secret made at first boot (signs flash cookies); survives restarts. */
export async function getOrCreateAppSecret(db: Db, now: number): Promise<string> {
  await db
    .insert(settings)
    .values({ key: "app_secret", value: generateToken() + generateToken(), updatedAt: now })
    .onConflictDoNothing();
  const secret = await getSetting(db, "app_secret");
  if (!secret) throw new Error("app_secret could not be stored");
  return secret;
}
