/**
 * Clicks are buffered in memory and written in one batch every `flushEveryMs` (or at `maxBatch`
 * rows), so the redirect never waits for the disk. Each batch also maintains the daily roll-up.
 * On graceful shutdown `stop()` flushes everything; a crash loses at most one flush interval.
 */
import { hash } from "node:crypto";
import type { Client } from "@libsql/client";
import { isbot } from "isbot";
import { dayOf } from "../../lib/day.js";
import { anonymizeIp } from "../../lib/ip.js";
import { clickWriteStatements } from "./click-rollup.js";

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

export class ClickRecorder {
  #buffer: RawClick[] = [];
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> = Promise.resolve();
  /** Clicks refused because the buffer was full (the redirect itself is never blocked). */
  dropped = 0;
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
    if (this.#buffer.length >= (this.options.maxBatch ?? 500)) void this.flush();
  }

  get pending(): number {
    return this.#buffer.length;
  }

  start(): void {
    this.#timer ??= setInterval(() => void this.flush(), this.options.flushEveryMs ?? 200);
    this.#timer.unref();
  }

  /** Writes what is buffered; concurrent calls queue behind each other. */
  flush(): Promise<void> {
    this.#flushing = this.#flushing.then(() => this.#writeBuffered());
    return this.#flushing;
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    while (this.#buffer.length > 0) await this.flush();
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
      // Not re-queued: a batch that failed once (e.g. a deleted link) would fail forever.
      this.options.onError(error, batch.length);
    }
  }

  async #write(batch: RawClick[]): Promise<void> {
    const salts = new Map<string, string>();
    const days = batch.map((c) => dayOf(c.at, this.options.timeZone));
    for (const day of new Set(days)) salts.set(day, await this.options.saltFor(day));
    const rows = batch.map((c, i) => {
      const day = days[i] ?? "";
      const userAgent = c.userAgent.slice(0, 512);
      return {
        linkId: c.linkId,
        at: c.at,
        day,
        ip: anonymizeIp(c.ip),
        userAgent,
        referer: c.referer ? c.referer.slice(0, 1024) : null,
        // Hashed from the full address before it is anonymised; the address itself is never stored.
        visitorHash: hash("sha256", `${salts.get(day)}|${c.ip}|${userAgent}`).slice(0, 32),
        isBot: isBotAgent(userAgent),
      };
    });
    await this.client.batch(clickWriteStatements(rows), "write");
  }
}
