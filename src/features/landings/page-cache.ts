/**
 * What a visitor's page needs (link, landing, images), kept in memory for a short time so the
 * landing GET and the form POST do no read queries. Any edit of a link or landing in this process
 * clears it at once; the TTL bounds staleness when several processes share one database.
 */
import type { Db } from "../../db/client.js";
import { getPublicPage, type PublicLanding } from "./landings.js";

type Entry = { page: PublicLanding | null; expiresAt: number };
type Html = { html: Template; expiresAt: number };

/** Page HTML pre-encoded as UTF-8 around its per-request holes, so a request copies bytes only. */
export type Template = { parts: Buffer[]; holes: string[] };

export class PublicPageCache {
  readonly #entries = new Map<string, Entry>();
  readonly #html = new Map<string, Html>();

  constructor(
    private readonly db: Db,
    private readonly options = { ttlMs: 10_000, maxEntries: 10_000 },
  ) {}

  async get(code: string, kind: "landing" | "iframe"): Promise<PublicLanding | null> {
    const key = `${kind}:${code}`;
    const now = Date.now();
    const hit = this.#entries.get(key);
    if (hit && hit.expiresAt > now) return hit.page;
    const page = await getPublicPage(this.db, code, kind);
    if (this.#entries.size >= this.options.maxEntries) this.#entries.clear();
    this.#entries.set(key, { page, expiresAt: now + this.options.ttlMs });
    return page;
  }

  /**
   * The rendered HTML of a fresh page, built once per key and TTL: rendering JSX costs far more than
   * the request itself. Per-request parts (form token, CSP nonce) are filled in by the caller.
   */
  async html(key: string, build: () => Promise<string>, holes: string[]): Promise<Template> {
    const now = Date.now();
    const hit = this.#html.get(key);
    if (hit && hit.expiresAt > now) return hit.html;
    const text = await build();
    const pattern = new RegExp(`(${holes.join("|")})`);
    const pieces = text.split(pattern);
    const html: Template = { parts: pieces.filter((_, i) => i % 2 === 0).map((piece) => Buffer.from(piece)), holes: pieces.filter((_, i) => i % 2 === 1) };
    if (this.#html.size >= this.options.maxEntries) this.#html.clear();
    this.#html.set(key, { html, expiresAt: now + this.options.ttlMs });
    return html;
  }

  /** Joins a template with the values of its holes (by hole name). */
  static fill(template: Template, values: Record<string, string>): Uint8Array<ArrayBuffer> {
    const chunks: Buffer[] = [];
    template.parts.forEach((part, i) => {
      chunks.push(part);
      const hole = template.holes[i];
      if (hole !== undefined) chunks.push(Buffer.from(values[hole] ?? ""));
    });
    return new Uint8Array(Buffer.concat(chunks));
  }

  /** Edits are rare and a page may depend on a link, a landing and its images: drop everything. */
  clear(): void {
    this.#entries.clear();
    this.#html.clear();
  }
}
