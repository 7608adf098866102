/**
 * Outbound events ("outgoing webhooks", §3): form-encoded POSTs with auth[application_token],
 * no retries, and switches for tests — delay, drop, duplicate, hold/reorder, raw brackets.
 */
import type { DeliveryRecord, EventDeliveryOptions, OutgoingWebhook } from "./types.js";

type Outgoing = { event: string; entityId: number; handler: OutgoingWebhook; copy: number; generation: number };
export type PortalAuth = { domain: string; clientEndpoint: string; memberId: string };

const DEFAULTS: Required<EventDeliveryOptions> = {
  delayMs: 0,
  timeoutMs: 5000,
  drop: false,
  dropNext: 0,
  duplicate: 0,
  reorder: false,
  reorderWindowMs: 100,
  hold: false,
  rawBrackets: false,
  beforeResponse: false,
};

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class EventBus {
  options: Required<EventDeliveryOptions> = { ...DEFAULTS };
  handlers: OutgoingWebhook[] = [];
  log: DeliveryRecord[] = [];
  private buffer: Outgoing[] = [];
  private chain: Promise<void> = Promise.resolve();
  private reorderTimer: NodeJS.Timeout | undefined;
  private reorderDone: Promise<void> | undefined;
  private nextHandlerId = 101;
  private closing = new AbortController();
  /** Bumped by reset(): deliveries queued before it are skipped and not logged. */
  private generation = 0;

  constructor(
    private readonly now: () => number,
    private readonly auth: () => PortalAuth,
  ) {}

  addHandler(h: { handlerUrl: string; events: string[]; applicationToken: string }): OutgoingWebhook {
    const handler = { id: this.nextHandlerId++, handlerUrl: h.handlerUrl, events: h.events.map((e) => e.toUpperCase()), applicationToken: h.applicationToken };
    this.handlers.push(handler);
    return { ...handler, events: [...handler.events] };
  }

  configure(options: EventDeliveryOptions): Required<EventDeliveryOptions> {
    this.options = { ...this.options, ...options };
    if (!this.options.hold && !this.options.reorder && this.buffer.length > 0) this.flush();
    return { ...this.options };
  }

  reset(): void {
    this.generation += 1;
    clearTimeout(this.reorderTimer);
    this.reorderTimer = undefined;
    this.options = { ...DEFAULTS };
    this.handlers = [];
    this.log = [];
    this.buffer = [];
  }

  /** Fans the events of one hit out to subscribed handlers. Resolves when they were sent (or buffered). */
  publish(events: Array<{ event: string; id: number }>): Promise<void> {
    const o = this.options;
    for (const { event, id } of events) {
      for (const handler of this.handlers.filter((h) => h.events.includes(event))) {
        const item: Outgoing = { event, entityId: id, handler, copy: 0, generation: this.generation };
        if (o.drop || o.dropNext > 0) {
          if (!o.drop) o.dropNext -= 1;
          this.record(item, this.body(item), { outcome: "dropped" });
          continue;
        }
        const copies = Array.from({ length: 1 + Math.max(0, o.duplicate) }, (_, copy) => ({ ...item, copy }));
        if (o.hold || o.reorder) this.buffer.push(...copies);
        else for (const c of copies) this.enqueue(c);
      }
    }
    if (o.reorder && !o.hold && this.buffer.length > 0 && !this.reorderTimer) {
      this.reorderDone = new Promise((resolve) => {
        this.reorderTimer = setTimeout(() => {
          this.reorderTimer = undefined;
          this.flush();
          resolve();
        }, o.reorderWindowMs);
      });
    }
    return this.chain;
  }

  /** Sends buffered events now, permuted as `reorder` says. */
  flush(): void {
    const items = this.buffer;
    this.buffer = [];
    if (this.options.reorder === "reverse") items.reverse();
    if (this.options.reorder === "shuffle") {
      const original = [...items];
      for (let i = items.length - 1; i > 0; i--) {
        const j = Math.floor(Math.random() * (i + 1));
        [items[i], items[j]] = [items[j] as Outgoing, items[i] as Outgoing];
      }
      // A shuffle that happens to keep the order would make reorder tests flaky.
      if (items.every((it, i) => it === original[i])) items.reverse();
    }
    for (const item of items) this.enqueue(item);
  }

  async idle(): Promise<void> {
    for (;;) {
      const before = this.chain;
      if (this.reorderTimer) await this.reorderDone;
      await before;
      if (before === this.chain && !this.reorderTimer) return;
    }
  }

  close(): void {
    clearTimeout(this.reorderTimer);
    this.reorderTimer = undefined;
    this.closing.abort();
  }

  private enqueue(item: Outgoing): void {
    this.chain = this.chain.then(() => this.deliver(item));
  }

  private body(item: Outgoing): string {
    const a = this.auth();
    const pairs: Array<[string, string]> = [
      ["event", item.event],
      ["event_handler_id", String(item.handler.id)],
      ["data[FIELDS][ID]", String(item.entityId)],
      ["ts", String(Math.floor(this.now() / 1000))],
      ["auth[domain]", a.domain],
      ["auth[client_endpoint]", a.clientEndpoint],
      ["auth[server_endpoint]", "https://oauth.bitrix.info/rest/"],
      ["auth[member_id]", a.memberId],
      ["auth[application_token]", item.handler.applicationToken],
    ];
    const key = (k: string) => (this.options.rawBrackets ? encodeURIComponent(k).replace(/%5B/g, "[").replace(/%5D/g, "]") : encodeURIComponent(k));
    return pairs.map(([k, v]) => `${key(k)}=${encodeURIComponent(v)}`).join("&");
  }

  private record(item: Outgoing, body: string, result: Pick<DeliveryRecord, "outcome" | "status" | "error">): void {
    if (item.generation !== this.generation) return;
    this.log.push({
      event: item.event,
      entityId: item.entityId,
      handlerId: item.handler.id,
      handlerUrl: item.handler.handlerUrl,
      body,
      copy: item.copy,
      at: this.now(),
      ...result,
    });
  }

  private async deliver(item: Outgoing): Promise<void> {
    if (this.closing.signal.aborted || item.generation !== this.generation) return;
    if (this.options.delayMs > 0) await sleep(this.options.delayMs);
    if (item.generation !== this.generation) return;
    const body = this.body(item);
    try {
      const res = await fetch(item.handler.handlerUrl, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", "user-agent": "Bitrix24 Webhook Engine (emulator)" },
        body,
        signal: AbortSignal.any([AbortSignal.timeout(this.options.timeoutMs), this.closing.signal]),
      });
      await res.arrayBuffer().catch(() => undefined);
      this.record(item, body, { outcome: res.ok ? "delivered" : "failed", status: res.status });
    } catch (err) {
      this.record(item, body, { outcome: "failed", error: err instanceof Error ? err.message : String(err) });
    }
  }
}
