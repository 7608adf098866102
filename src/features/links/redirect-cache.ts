/**
 * code → redirect target, kept in memory so the redirect usually does no DB read at all.
 * Edits invalidate their code at once; the TTL bounds staleness when several processes share a DB.
 * The verdict of the target re-check (today's host rules and the admin's allowlist) is cached with
 * the entry: a link that may no longer redirect is cached as a miss. Changing the allowlist clears all.
 */
import type { Db } from "../../db/client.js";
import { getTargetAllowlist } from "../settings/target-allowlist.js";
import { findActiveLinkByCode } from "./links.js";

export type RedirectTarget = { linkId: number; location: string; countClick: boolean };
type Entry = { target: RedirectTarget | null; expiresAt: number };

export class RedirectCache {
  readonly #entries = new Map<string, Entry>();
  #allowlist: { domains: readonly string[]; expiresAt: number } | null = null;
  /** Bumped by clear(), so a fill that started before it does not store a stale verdict. */
  #generation = 0;

  constructor(
    private readonly db: Db,
    private readonly options = { ttlMs: 30_000, missTtlMs: 5_000, maxEntries: 20_000 },
  ) {}

  /** The cached verdict without waiting: a target, null (unknown or refused), undefined (not cached or expired). */
  peek(code: string): RedirectTarget | null | undefined {
    const hit = this.#entries.get(code);
    return hit && hit.expiresAt > Date.now() ? hit.target : undefined;
  }

  async resolve(code: string): Promise<RedirectTarget | null> {
    const now = Date.now();
    const hit = this.#entries.get(code);
    if (hit && hit.expiresAt > now) return hit.target;
    const generation = this.#generation;
    const target = await findActiveLinkByCode(this.db, code, await this.#allowedDomains(now));
    if (generation !== this.#generation) return target;
    if (this.#entries.size >= this.options.maxEntries) {
      // Oldest insertion first: a Map iterates in insertion order.
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    this.#entries.delete(code);
    this.#entries.set(code, { target, expiresAt: now + (target ? this.options.ttlMs : this.options.missTtlMs) });
    return target;
  }

  invalidate(code: string): void {
    this.#entries.delete(code);
  }

  /** Forgets every entry and the allowlist: the next redirects re-check their targets. */
  clear(): void {
    this.#generation++;
    this.#entries.clear();
    this.#allowlist = null;
  }

  async #allowedDomains(now: number): Promise<readonly string[]> {
    if (this.#allowlist && this.#allowlist.expiresAt > now) return this.#allowlist.domains;
    const generation = this.#generation;
    const domains = await getTargetAllowlist(this.db);
    if (generation === this.#generation) this.#allowlist = { domains, expiresAt: now + this.options.ttlMs };
    return domains;
  }
}
