/**
 * Test kit for the Bitrix24 → cabinet sync: a test app, an emulated portal on the same clock, the
 * webhook routes served on loopback (so the emulator can post real events), and deal/lead clients.
 */
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { eq } from "drizzle-orm";
import { Hono } from "hono";
import { type Client, clients, commissionHistory, crmSyncQueue, notifications } from "../db/schema.js";
import type { ClientInput } from "../features/clients/clients.js";
import { createClient } from "../features/clients/clients.js";
import { clearStageCache } from "../features/crm/sync/stages.js";
import { processSyncQueue, type SyncSettings } from "../features/crm/sync/sync.js";
import { bitrix24WebhookRoutes } from "../features/crm/webhook-routes.js";
import { t as dictionary } from "../i18n/ru.js";
import { createBitrix24Client } from "../integrations/bitrix24/client.js";
import { type Bitrix24Emulator, startBitrix24Emulator } from "../integrations/bitrix24/emulator/index.js";
import type { AppDeps, AppEnv } from "../web/env.js";
import { givenPartner } from "./fixtures.js";
import { createTestApp, type TestApp } from "./test-app.js";

export const EVENTS = ["ONCRMDEALADD", "ONCRMDEALUPDATE", "ONCRMDEALDELETE", "ONCRMLEADADD", "ONCRMLEADUPDATE", "ONCRMLEADDELETE"];

export async function startSyncKit() {
  const t: TestApp = await createTestApp();
  clearStageCache();
  const emu: Bitrix24Emulator = await startBitrix24Emulator({
    rateLimit: false,
    now: () => t.clock.now,
    seed: { funnels: [{ id: 1, name: "Partners" }] },
  });
  const b24 = createBitrix24Client({ webhookUrl: emu.webhookUrl, rate: false, maxRetries: 0, timeoutMs: 2_000, sleep: async () => {} });
  const settings: SyncSettings = { portalKey: emu.origin, defaultRewardBp: 1_000, texts: dictionary.commissions.notices };
  const deps = { db: t.db, config: { ...t.config, B24_APPLICATION_TOKEN: emu.applicationToken }, now: () => t.clock.now, log: silent } as unknown as AppDeps;
  const hook = new Hono<AppEnv>();
  hook.use(async (c, next) => {
    c.set("deps", deps);
    await next();
  });
  hook.route("/", bitrix24WebhookRoutes());
  const server = serve({ fetch: hook.fetch, port: 0, hostname: "127.0.0.1" });
  await once(server, "listening");
  const handlerUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/bitrix24`;

  /** Manager actions in the portal get distinct whole-second DATE_MODIFY values. */
  const step = () => t.clock.advance(1_000);
  const sync = () => processSyncQueue(t.db, b24, settings, t.clock.now);

  async function givenDealClient(deal: Record<string, unknown> = {}, partnerOver: Parameters<typeof givenPartner>[1] = {}) {
    const partner = await givenPartner(t.db, partnerOver);
    const client = await newClient(partner.id);
    const dealId = emu.control.createDeal({ TITLE: "Deal", CATEGORY_ID: 1, STAGE_ID: "C1:NEW", OPPORTUNITY: "150000.00", CURRENCY_ID: "RUB", ...deal });
    await t.db.update(clients).set({ b24Entity: "deal", b24DealId: dealId, deliveryState: "sent" }).where(eq(clients.id, client.id));
    step();
    return { partner, clientId: client.id, dealId };
  }

  async function givenLeadClient() {
    const partner = await givenPartner(t.db);
    const client = await newClient(partner.id);
    const leadId = emu.control.createLead({ TITLE: "Lead", NAME: "Client", STATUS_ID: "NEW", OPPORTUNITY: "150000.00", CURRENCY_ID: "RUB" });
    await t.db.update(clients).set({ b24Entity: "lead", b24LeadId: leadId, deliveryState: "sent" }).where(eq(clients.id, client.id));
    step();
    return { partner, clientId: client.id, leadId };
  }

  async function newClient(partnerId: number): Promise<Client> {
    const created = await createClient(t.db, partnerId, input, t.clock.now);
    if (!created.ok) throw new Error("client not created");
    return created.client;
  }

  const clientRow = async (id: number) => {
    const row = await t.db.select().from(clients).where(eq(clients.id, id)).get();
    if (!row) throw new Error("no client");
    return row;
  };
  const history = (clientId: number) => t.db.select().from(commissionHistory).where(eq(commissionHistory.clientId, clientId)).orderBy(commissionHistory.id);
  const notes = (partnerId: number) => t.db.select().from(notifications).where(eq(notifications.targetUserId, partnerId)).orderBy(notifications.id);
  const queue = () => t.db.select().from(crmSyncQueue);

  async function close() {
    server.close();
    await emu.close();
  }
  return { t, emu, b24, settings, deps, handlerUrl, step, sync, givenDealClient, givenLeadClient, clientRow, history, notes, queue, close };
}

export type SyncKit = Awaited<ReturnType<typeof startSyncKit>>;

const silent = { debug() {}, info() {}, warn() {}, error() {} };

const input: ClientInput = {
  source: "form",
  name: "Client",
  phone: null,
  email: null,
  company: null,
  comment: null,
  linkId: null,
  landingId: null,
  utm: { utmSource: null, utmMedium: null, utmCampaign: null, utmContent: null, utmTerm: null },
};

/** A form body as Bitrix24 posts it. */
export function eventBody(event: string, id: number | string, token: string, extra: Record<string, string> = {}): string {
  return new URLSearchParams({
    event,
    event_handler_id: "1",
    "data[FIELDS][ID]": String(id),
    ts: "1766047124",
    "auth[domain]": "example.bitrix24.ru",
    "auth[member_id]": "d897063e1ce7c5eb9f04b9751eef5915",
    "auth[application_token]": token,
    ...extra,
  }).toString();
}
