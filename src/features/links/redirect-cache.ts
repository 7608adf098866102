/**
 * code → redirect target, kept in memory so the redirect usually does no DB read at all.
 * Edits invalidate their code at once; the TTL bounds staleness when several processes share a DB.
 */
import type { Db } from "../../db/client.js";
import { findActiveLinkByCode } from "./links.js";

export type RedirectTarget = { linkId: number; location: string; countClick: boolean };
type Entry = { target: RedirectTarget | null; expiresAt: number };

export class RedirectCache {
  readonly #entries = new Map<string, Entry>();

  constructor(
    private readonly db: Db,
    private readonly options = { ttlMs: 30_000, missTtlMs: 5_000, maxEntries: 20_000 },
  ) {}

  async resolve(code: string): Promise<RedirectTarget | null> {
    const now = Date.now();
    const hit = this.#entries.get(code);
    if (hit && hit.expiresAt > now) return hit.target;
    const target = await findActiveLinkByCode(this.db, code);
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
}
