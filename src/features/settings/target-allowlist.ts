/**
 * The admin's allowlist of target domains (PRODUCT.md §2, SECURITY.md T5), kept in `settings` as
 * punycode domains, one a line; empty or absent means any public host. Link saves check it, and the
 * redirect re-checks it (RedirectCache), so tightening it stops links that point elsewhere.
 */
import { ne } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { settings } from "../../db/schema.js";
import { type DomainProblem, normalizeDomain } from "../../lib/target-host.js";
import { auditInsertIfChanged } from "../audit/audit.js";
import { getSetting } from "./settings.js";

export const TARGET_ALLOWLIST_KEY = "target_domain_allowlist";
export const MAX_ALLOWED_DOMAINS = 200;

export async function getTargetAllowlist(db: Db): Promise<string[]> {
  const stored = await getSetting(db, TARGET_ALLOWLIST_KEY);
  return stored ? stored.split("\n").filter(Boolean) : [];
}

export type AllowlistParse = { ok: true; domains: string[] } | { ok: false; problem: DomainProblem | "too_many"; line: number; text: string };

/** The textarea, one domain per line (blank lines skipped, duplicates dropped). */
export function parseAllowlist(text: string): AllowlistParse {
  const domains: string[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  for (const [index, line] of lines.entries()) {
    if (line.trim() === "") continue;
    const parsed = normalizeDomain(line);
    if (!parsed.ok) return { ok: false, problem: parsed.problem, line: index + 1, text: line.trim() };
    if (!domains.includes(parsed.domain)) domains.push(parsed.domain);
  }
  if (domains.length > MAX_ALLOWED_DOMAINS) return { ok: false, problem: "too_many", line: 0, text: "" };
  return { ok: true, domains };
}

/** Stores the list and audits before → after in one batch; saving the stored list again writes nothing. Returns whether it changed. */
export async function setTargetAllowlist(db: Db, domains: readonly string[], adminId: number, now: number): Promise<boolean> {
  const before = await getTargetAllowlist(db);
  if (before.join("\n") === domains.join("\n")) return false;
  const value = domains.join("\n");
  await db.batch([
    db
      .insert(settings)
      .values({ key: TARGET_ALLOWLIST_KEY, value, updatedAt: now })
      .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: now }, setWhere: ne(settings.value, value) }),
    auditInsertIfChanged(db, {
      actorId: adminId,
      action: "settings.target_domains",
      entity: "settings",
      entityId: null,
      before: { targetDomains: before.join(", ") },
      after: { targetDomains: domains.join(", ") },
      at: now,
    }),
  ]);
  return true;
}
