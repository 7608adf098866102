/**
 * Test kit for the delivery worker: a test app, an emulated portal with the partner field and a
 * second funnel, delivery settings, numbered lead inputs and read-backs of what reached the portal.
 */
import { eq } from "drizzle-orm";
import { openDatabase } from "../db/client.js";
import { migrateDatabase } from "../db/migrate.js";
import { clients, deliveryJobs } from "../db/schema.js";
import { type ClientInput, createClient } from "../features/clients/clients.js";
import type { DeliverySettings } from "../features/crm/delivery/delivery.js";
import { type Bitrix24, type Bitrix24ClientConfig, createBitrix24Client } from "../integrations/bitrix24/client.js";
import { type Bitrix24Emulator, type PortalSeed, type RateLimit, startBitrix24Emulator } from "../integrations/bitrix24/emulator/index.js";
import { type DeliveryWorkerOptions, startDeliveryWorker } from "../jobs/delivery-worker.js";
import { givenPartner } from "./fixtures.js";
import { FIXED_NOW } from "./test-app.js";

export const deliverySeed = (over: PortalSeed = {}): PortalSeed => ({
  funnels: [{ id: 1, name: "Partners" }],
  userFields: [
    { entity: "lead", code: "UF_CRM_PARTNER", type: "string" },
    { entity: "deal", code: "UF_CRM_PARTNER", type: "string" },
  ],
  ...over,
});

export const deliverySettings = (over: Partial<DeliverySettings> = {}): DeliverySettings => ({
  entityType: "lead",
  categoryId: 0,
  stageId: null,
  leadStatusId: null,
  assignedById: null,
  trackingField: "UF_CRM_PARTNER",
  trackingTemplate: "partner-{code}",
  title: (c, partner) => `${c.name} / ${partner}`,
  ...over,
});

/** Lead number `i`: its own phone and e-mail unless overridden. */
export const leadInput = (i: number, over: Partial<ClientInput> = {}): ClientInput => ({
  source: "form",
  name: `Client ${i}`,
  phone: `+7912${String(10_000_000 + i).slice(1)}`,
  email: `client${i}@example.ru`,
  company: null,
  comment: `comment ${i}`,
  linkId: null,
  landingId: null,
  utm: { utmSource: "vk", utmMedium: "cpc", utmCampaign: "autumn", utmContent: null, utmTerm: null },
  ...over,
});

/** The database and clock of a test (no web app: delivery needs none), over an in-memory database or a file. */
async function openTestDb(url: string) {
  const database = await openDatabase(url);
  await migrateDatabase(database.db);
  const clock = {
    now: FIXED_NOW,
    advance(ms: number) {
      this.now += ms;
    },
  };
  return { db: database.db, client: database.client, clock, close: database.close };
}

type TestDb = Pick<Awaited<ReturnType<typeof openTestDb>>, "db" | "clock" | "close">;

/** `on`: the database and clock of a test app (its forms create the clients); default a fresh in-memory database. */
export async function startDeliveryKit(o: { rateLimit?: RateLimit | false; seed?: PortalSeed; databaseUrl?: string; on?: TestDb } = {}) {
  const t: TestDb = o.on ?? (await openTestDb(o.databaseUrl ?? "file::memory:"));
  const emu: Bitrix24Emulator = await startBitrix24Emulator({ rateLimit: o.rateLimit ?? false, seed: o.seed ?? deliverySeed() });

  /** A client for the emulator; by default no pacing and no retry sleeps (the tests drive retries). */
  const b24 = (over: Partial<Bitrix24ClientConfig> = {}) =>
    createBitrix24Client({ webhookUrl: emu.webhookUrl, rate: false, maxRetries: 0, timeoutMs: 2_000, sleep: async () => {}, ...over });

  function worker(settings: DeliverySettings = deliverySettings(), over: KitWorkerOptions = {}) {
    const client = over.client ?? b24();
    return startDeliveryWorker({
      db: t.db,
      resolve: async () => ({ b24: client, settings }),
      now: () => t.clock.now,
      onError: (e) => console.error(e),
      intervalMs: 3_600_000,
      ...over,
    });
  }

  async function givenClients(partnerId: number, count: number, over: (i: number) => Partial<ClientInput> = () => ({}), now = t.clock.now) {
    const ids: number[] = [];
    for (let i = 0; i < count; i++) {
      const created = await createClient(t.db, partnerId, leadInput(i, over(i)), now);
      if (!created.ok) throw new Error("client not created");
      ids.push(created.client.id);
    }
    return ids;
  }

  const clientRow = async (id: number) => {
    const row = await t.db.select().from(clients).where(eq(clients.id, id)).get();
    if (!row) throw new Error(`no client ${id}`);
    return row;
  };
  const jobOf = async (clientId: number) => t.db.select().from(deliveryJobs).where(eq(deliveryJobs.clientId, clientId)).get();
  const jobStates = async () => {
    const counts: Record<string, number> = {};
    for (const j of await t.db.select({ state: deliveryJobs.state }).from(deliveryJobs)) counts[j.state] = (counts[j.state] ?? 0) + 1;
    return counts;
  };
  /** Leads (or deals) in the portal per ORIGIN_ID: exactly-once means every count is 1. */
  const originCounts = (kind: "lead" | "deal" | "contact") => {
    const rows = kind === "lead" ? emu.control.listLeads() : kind === "deal" ? emu.control.listDeals() : emu.control.listContacts();
    const counts = new Map<string, number>();
    for (const r of rows) if (r.ORIGIN_ID) counts.set(String(r.ORIGIN_ID), (counts.get(String(r.ORIGIN_ID)) ?? 0) + 1);
    return counts;
  };
  const batchCalls = () => emu.control.requests().filter((r) => r.method === "batch" && r.httpMethod !== "BATCH").length;

  async function close() {
    await emu.close();
    t.close();
  }

  return {
    t,
    emu,
    close,
    b24,
    worker,
    givenPartner: (over = {}) => givenPartner(t.db, over),
    givenClients,
    clientRow,
    jobOf,
    jobStates,
    originCounts,
    batchCalls,
  };
}

/** Worker options, plus the Bitrix24 client to use (default: `b24()`). */
export type KitWorkerOptions = Partial<DeliveryWorkerOptions> & { client?: Bitrix24 };

export type DeliveryKit = Awaited<ReturnType<typeof startDeliveryKit>>;
