/**
 * What a visitor's page needs (link, landing, images, the company's brand), kept in memory for a
 * short time so the landing GET and the form POST do no read queries. Any edit of a link, a landing
 * or the brand in this process clears it at once; the TTL bounds staleness when several processes
 * share one database.
 */
import type { Db } from "../../db/client.js";
import { type Brand, getBrand } from "../settings/brand.js";
import { getPublicPage, type PublicLanding } from "./landings.js";

type Entry = { page: PublicLanding | null; expiresAt: number };
type Html = { html: Template; expiresAt: number };

/** Page HTML pre-encoded as UTF-8 around its per-request holes, so a request copies bytes only. */
export type Template = { parts: Buffer[]; holes: string[] };

export class PublicPageCache {
  readonly #entries = new Map<string, Entry>();
  readonly #html = new Map<string, Html>();
  #brand: { brand: Brand; expiresAt: number } | null = null;
  /** Bumped by clear(), so a read that started before it does not store a stale brand. */
  #generation = 0;

  constructor(
    private readonly db: Db,
    private readonly options = { ttlMs: 10_000, maxEntries: 10_000 },
  ) {}

  /** The cached page without waiting: the page, null (no such public page), undefined (not cached or expired). */
  peek(code: string, kind: "landing" | "iframe"): PublicLanding | null | undefined {
    const hit = this.#entries.get(`${kind}:${code}`);
    return hit && hit.expiresAt > Date.now() ? hit.page : undefined;
  }

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

  /** The company's brand every visitor's page shows (logo, name, contact, policy). */
  async brand(): Promise<Brand> {
    const now = Date.now();
    if (this.#brand && this.#brand.expiresAt > now) return this.#brand.brand;
    const generation = this.#generation;
    const brand = await getBrand(this.db);
    if (generation === this.#generation) this.#brand = { brand, expiresAt: now + this.options.ttlMs };
    return brand;
  }

  /** The cached template of html() without waiting, or undefined. */
  peekHtml(key: string): Template | undefined {
    const hit = this.#html.get(key);
    return hit && hit.expiresAt > Date.now() ? hit.html : undefined;
  }

  /**
   * The rendered HTML of a fresh page, built once per key and TTL: rendering JSX costs far more than
   * the request itself. Per-request parts (form token, CSP nonce) are filled in by the caller.
   */
  async html(key: string, build: () => Promise<string>, holes: string[]): Promise<Template> {
    const now = Date.now();
    const hit = this.#html.get(key);
    if (hit && hit.expiresAt > now) return hit.html;
    const generation = this.#generation;
    const text = await build();
    const pieces = holes.length > 0 ? text.split(new RegExp(`(${holes.join("|")})`)) : [text];
    const html: Template = { parts: pieces.filter((_, i) => i % 2 === 0).map((piece) => Buffer.from(piece)), holes: pieces.filter((_, i) => i % 2 === 1) };
    if (generation !== this.#generation) return html;
    if (this.#html.size >= this.options.maxEntries) this.#html.clear();
    this.#html.set(key, { html, expiresAt: now + this.options.ttlMs });
    return html;
  }

  /** Joins a template with the values of its holes (by hole name). */
  static fill(template: Template, values: Record<string, string>): Uint8Array<ArrayBuffer> {
    // One allocation, each byte copied once.
    const { parts, holes } = template;
    const texts = holes.map((hole) => values[hole] ?? "");
    let size = 0;
    for (const part of parts) size += part.length;
    for (const text of texts) size += Buffer.byteLength(text);
    const out = Buffer.allocUnsafeSlow(size);
    let at = 0;
    for (let i = 0; i < parts.length; i++) {
      at += (parts[i] as Buffer).copy(out, at);
      const text = texts[i];
      if (text !== undefined) at += out.write(text, at);
    }
    return new Uint8Array(out.buffer, out.byteOffset, out.length);
  }

  /** Edits are rare and a page may depend on a link, a landing, its images and the brand: drop everything. */
  clear(): void {
    this.#generation++;
    this.#entries.clear();
    this.#html.clear();
    this.#brand = null;
  }
}
