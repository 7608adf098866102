/**
 * Clicks are buffered in memory and written in one batch every `flushEveryMs` (or at `maxBatch`
 * rows), so the redirect never waits for the disk. Each batch also maintains the daily roll-up.
 * The request only pushes the raw click; anonymising, hashing and the bot check run in the flush.
 * On graceful shutdown `stop()` flushes everything; a crash loses at most one flush interval.
 * A batch that failed for a passing reason (database locked by another process, disk full) goes
 * back to the front of the buffer, within `maxBuffer`; any other failure drops it (and counts it).
 */
import { hash } from "node:crypto";
import type { Client } from "@libsql/client";
import { isbot } from "isbot";
import { isBusyError } from "../../db/busy-retry.js";
import { dayOf } from "../../lib/day.js";
import { anonymizeIp } from "../../lib/ip.js";
import { type ClickRow, clickWriteStatements } from "./click-rollup.js";

export type RawClick = { linkId: number; at: number; ip: string; userAgent: string; referer: string | null };
export type RecorderOptions = {
  timeZone: string;
  /** The salt of a day for visitor hashes; a new random one each day (see daily-salt.ts). */
  saltFor: (day: string) => Promise<string>;
  onError: (error: unknown, rows: number) => void;
  flushEveryMs?: number;
  maxBatch?: number;
  maxBuffer?: number;
};

// Link-preview fetchers isbot may miss; an empty user agent is never a person.
const EXTRA_BOTS =
  /vkShare|TelegramBot|WhatsApp|Viber|SkypeUriPreview|Iframely|redditbot|Pinterest|Yandex|Mail\.RU_Bot|HeadlessChrome|PhantomJS|Puppeteer|Playwright/i;
const botVerdicts = new Map<string, boolean>();
/** Cached by user agent: real traffic repeats a few hundred agents, and isbot's regex costs microseconds. */
export function isBotAgent(ua: string): boolean {
  let verdict = botVerdicts.get(ua);
  if (verdict === undefined) {
    if (botVerdicts.size > 10_000) botVerdicts.clear();
    verdict = ua.trim() === "" || isbot(ua) || EXTRA_BOTS.test(ua);
    botVerdicts.set(ua, verdict);
  }
  return verdict;
}

/** Worth writing again later: the database was locked or full, not the batch itself wrong. */
export function isTransientWriteError(error: unknown): boolean {
  if (isBusyError(error)) return true;
  for (let e = error, depth = 0; e && typeof e === "object" && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { code?: unknown }).code === "SQLITE_FULL") return true;
  }
  return false;
}

export class ClickRecorder {
  #buffer: RawClick[] = [];
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> = Promise.resolve();
  /** A write is running or queued: the timer and a full batch do not queue another behind it. */
  #pendingFlush = false;
  /** Clicks refused because the buffer was full (the redirect itself is never blocked). */
  dropped = 0;
  /** Clicks lost to a write that failed for good (see onError). */
  failed = 0;
  /** Clicks put back after a passing failure (locked or full database). */
  requeued = 0;
  written = 0;

  constructor(
    private readonly client: Client,
    private readonly options: RecorderOptions,
  ) {}

  record(click: RawClick): void {
    if (this.#buffer.length >= (this.options.maxBuffer ?? 50_000)) {
      this.dropped++;
      return;
    }
    this.#buffer.push(click);
    if (this.#buffer.length >= (this.options.maxBatch ?? 500) && !this.#pendingFlush) void this.flush();
  }

  get pending(): number {
    return this.#buffer.length;
  }

  start(): void {
    this.#timer ??= setInterval(() => {
      if (!this.#pendingFlush) void this.flush();
    }, this.options.flushEveryMs ?? 200);
    this.#timer.unref();
  }

  /** Writes what is buffered; concurrent calls queue behind each other. */
  flush(): Promise<void> {
    this.#pendingFlush = true;
    const run = this.#flushing.then(() => this.#writeBuffered());
    this.#flushing = run;
    void run.then(() => {
      if (this.#flushing === run) this.#pendingFlush = false;
    });
    return run;
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    // A locked or full database puts batches back; give up after a few rounds rather than never exit.
    for (let rounds = 0; this.#buffer.length > 0 && rounds < 3; rounds++) await this.flush();
    await this.#flushing;
  }

  async #writeBuffered(): Promise<void> {
    if (this.#buffer.length === 0) return;
    const batch = this.#buffer;
    this.#buffer = [];
    try {
      await this.#write(batch);
      this.written += batch.length;
    } catch (error) {
      if (isTransientWriteError(error)) {
        // Clicks that already got their 302: keep them, oldest first, as far as the buffer allows.
        const room = Math.max(0, (this.options.maxBuffer ?? 50_000) - this.#buffer.length);
        const kept = batch.length <= room ? batch : batch.slice(0, room);
        this.dropped += batch.length - kept.length;
        this.requeued += kept.length;
        this.#buffer = kept.concat(this.#buffer);
        this.options.onError(error, batch.length);
        return;
      }
      // Not re-queued: a batch that failed for its content (e.g. a deleted link) would fail forever.
      this.failed += batch.length;
      this.options.onError(error, batch.length);
    }
  }

  async #write(batch: RawClick[]): Promise<void> {
    const { timeZone } = this.options;
    // A batch spans a fraction of a second: ask dayOf (itself cached per quarter hour) once per minute
    // of click time, not once per click.
    const days: string[] = new Array(batch.length);
    let minute = Number.NaN;
    let day = "";
    for (let i = 0; i < batch.length; i++) {
      const at = (batch[i] as RawClick).at;
      const m = Math.floor(at / 60_000);
      if (m !== minute) {
        minute = m;
        day = dayOf(at, timeZone);
      }
      days[i] = day;
    }
    const salts = new Map<string, string>();
    for (const d of new Set(days)) salts.set(d, await this.options.saltFor(d));
    const rows: ClickRow[] = new Array(batch.length);
    for (let i = 0; i < batch.length; i++) {
      const c = batch[i] as RawClick;
      const d = days[i] as string;
      const userAgent = c.userAgent.length > 512 ? c.userAgent.slice(0, 512) : c.userAgent;
      rows[i] = {
        linkId: c.linkId,
        at: c.at,
        day: d,
        ip: anonymizeIp(c.ip),
        userAgent,
        referer: c.referer ? c.referer.slice(0, 1024) : null,
        // Hashed from the full address before it is anonymised; the address itself is never stored.
        visitorHash: hash("sha256", `${salts.get(d)}|${c.ip}|${userAgent}`).slice(0, 32),
        isBot: isBotAgent(userAgent),
      };
    }
    await this.client.batch(clickWriteStatements(rows), "write");
  }
}
