/** Counts events per key in a fixed window (e.g. lead forms per IP); memory is bounded. */
export class RateWindow {
  readonly #hits = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly maxKeys = 50_000,
  ) {}

  /** Milliseconds until `key` may act again; 0 when it may now. */
  retryAfter(key: string, now: number): number {
    const entry = this.#hits.get(key);
    if (!entry || now - entry.start >= this.windowMs || entry.count < this.limit) return 0;
    return entry.start + this.windowMs - now;
  }

  hit(key: string, now: number): void {
    const entry = this.#hits.get(key);
    if (entry && now - entry.start < this.windowMs) {
      entry.count++;
      return;
    }
    if (this.#hits.size >= this.maxKeys) {
      for (const [k, e] of this.#hits) if (now - e.start >= this.windowMs) this.#hits.delete(k);
      if (this.#hits.size >= this.maxKeys) this.#hits.clear();
    }
    this.#hits.set(key, { start: now, count: 1 });
  }
}
