/**
 * A random salt per calendar day for visitor hashes: the same visitor is recognised within a day,
 * but not across days. Kept in `settings` so a restart within the day counts uniques consistently.
 */
import type { Db } from "../../db/client.js";
import { generateToken } from "../../lib/random.js";
import { getSetting, setSetting } from "../settings/settings.js";

export function createDailySalts(db: Db, now: () => number) {
  let current: { day: string; salt: string } | null = null;
  return async function saltFor(day: string): Promise<string> {
    if (current?.day === day) return current.salt;
    const stored = await getSetting(db, "visitor_salt");
    const parsed = stored ? (JSON.parse(stored) as { day: string; salt: string }) : null;
    if (parsed?.day === day) {
      current = parsed;
      return parsed.salt;
    }
    // Clicks of a past day that reach a flush late use a throwaway salt rather than rotating today's.
    if (parsed && parsed.day > day) return generateToken();
    current = { day, salt: generateToken() };
    await setSetting(db, "visitor_salt", JSON.stringify(current), now());
    return current.salt;
  };
}
