/**
 * A demo partner's clients and money, through the paths real ones take: the client and its delivery job
 * (createClient), the delivery result (recordResults), each stage the deal went through (applyState: status,
 * amount, the commission at the partner's rate, its history and the "won" notification), requisites, and
 * payout requests with the admin's decisions (approve, mark paid: notifications and audit rows). Written once
 * per partner: a partner who already has clients is left as is.
 */
import { count, eq } from "drizzle-orm";
import type { Db } from "../src/db/client.js";
import { type Client, clients, deliveryJobs, links } from "../src/db/schema.js";
import { createClient } from "../src/features/clients/clients.js";
import { defaultDeliveryPolicy } from "../src/features/crm/delivery/delivery.js";
import { recordResults } from "../src/features/crm/delivery/record.js";
import { applyState, type SyncSettings } from "../src/features/crm/sync/apply.js";
import { setPartnerRate } from "../src/features/partners/rate-routing.js";
import { createPayoutRequest } from "../src/features/payouts/requests.js";
import { approvePayout, markPayoutPaid } from "../src/features/payouts/transitions.js";
import { createPayoutMethod, type PayoutMethodData } from "../src/features/requisites/requisites.js";
import { t } from "../src/i18n/ru.js";
import type { DemoPartnerKey } from "./seed-accounts.js";
import { ago, later } from "./seed-clicks.js";
import { MONEY, type Stage, type StageKey } from "./seed-money-data.js";

const DAY = 86_400_000;
const HOUR = 3_600_000;

const STAGES: Record<StageKey, Stage> = {
  new: { statusId: "C1:NEW", name: "Новая заявка", group: "new" },
  meeting: { statusId: "C1:UC_DEMO01", name: "Встреча назначена", group: "in_progress" },
  offer: { statusId: "C1:UC_OFFER1", name: "КП отправлено", group: "in_progress" },
  won: { statusId: "C1:WON", name: "Сделка успешна", group: "won" },
  lost: { statusId: "C1:LOSE", name: "Сделка провалена", group: "lost" },
};

async function reloadClient(db: Db, id: number): Promise<Client> {
  const row = await db.select().from(clients).where(eq(clients.id, id)).get();
  if (!row) throw new Error(`seed: client ${id} vanished`);
  return row;
}

/** The delivery worker's result for this client's own job: a deal created in Bitrix24. */
async function deliver(db: Db, client: Client, dealId: number, at: number): Promise<void> {
  const job = await db.select().from(deliveryJobs).where(eq(deliveryJobs.clientId, client.id)).get();
  if (!job) throw new Error(`seed: client ${client.id} has no delivery job`);
  const claimed = { ...job, state: "sending" as const, attempts: 1, leaseUntil: at + defaultDeliveryPolicy.leaseMs };
  await recordResults(
    db,
    [{ job: claimed, clientId: client.id, created: { entity: "deal", id: dealId, leadId: null, dealId, contactId: dealId + 500_000 } }],
    defaultDeliveryPolicy,
    at,
  );
}

async function moveTo(db: Db, sync: SyncSettings, clientId: number, dealId: number, stage: Stage, amountRub: number | null, at: number, attached: boolean) {
  const client = await reloadClient(db, clientId);
  const result = await applyState(
    db,
    sync,
    client,
    {
      b24DealId: dealId,
      attached,
      statusId: stage.statusId,
      statusName: stage.name,
      group: stage.group,
      amountKopecks: amountRub === null ? client.amountKopecks : amountRub * 100,
      currencyId: "RUB",
      modifiedAt: at,
      deletedAt: null,
      money: true,
    },
    at,
  );
  if (result === "conflict") throw new Error(`seed: client ${clientId} changed underneath`);
}

export type SeededMoney = { clients: number; requests: number };

export async function seedPartnerMoney(
  db: Db,
  o: { partnerId: number; key: DemoPartnerKey; adminId: number; now: number; defaultRewardBp: number },
): Promise<SeededMoney | null> {
  const spec = MONEY[o.key];
  if (!spec) return null;
  const existing = await db.select({ n: count() }).from(clients).where(eq(clients.partnerId, o.partnerId)).get();
  if ((existing?.n ?? 0) > 0) return null;
  const sync: SyncSettings = { portalKey: "demo", defaultRewardBp: o.defaultRewardBp, texts: t.commissions.notices };
  if (spec.rateBp !== undefined) await setPartnerRate(db, o.partnerId, spec.rateBp, o.adminId, ago(o.now, 27, 3));

  const methods: number[] = [];
  for (const [i, m] of spec.requisites.entries()) {
    const created = await createPayoutMethod(db, o.partnerId, m.data as PayoutMethodData, ago(o.now, m.daysAgo, 40 + i));
    if (!created.ok) throw new Error("seed: requisites refused");
    methods.push(created.method.id);
  }

  const partnerLinks = await db.select().from(links).where(eq(links.partnerId, o.partnerId)).all();
  const byPayout = new Map<string, number[]>();
  for (const [i, c] of spec.clients.entries()) {
    const title = c.via ?? c.from;
    const link = title ? partnerLinks.find((l) => l.title === title) : null;
    if (title && !link) throw new Error(`seed: no link «${title}»`);
    const createdAt = ago(o.now, c.daysAgo, 60 + i);
    const created = await createClient(
      db,
      o.partnerId,
      {
        source: c.via ? "form" : "manual",
        name: c.name,
        phone: c.phone,
        email: c.email ?? null,
        company: c.company ?? null,
        comment: c.comment ?? null,
        linkId: link?.id ?? null,
        landingId: c.via ? (link?.landingId ?? null) : null,
        utm: {
          utmSource: link?.utmSource ?? null,
          utmMedium: link?.utmMedium ?? null,
          utmCampaign: link?.utmCampaign ?? null,
          utmContent: link?.utmContent ?? null,
          utmTerm: link?.utmTerm ?? null,
        },
      },
      createdAt,
    );
    if (!created.ok) throw new Error("seed: client refused");
    const id = created.client.id;
    if (c.queued) continue;
    const dealId = 40_000 + id;
    await deliver(db, created.client, dealId, createdAt + 90_000);
    await moveTo(db, sync, id, dealId, STAGES.new, null, createdAt + 120_000, true);
    for (const step of c.flow ?? []) {
      const at = Math.min(createdAt + step.afterDays * DAY + later(i + step.afterDays), o.now - HOUR);
      await moveTo(db, sync, id, dealId, STAGES[step.stage], step.amountRub ?? null, at, false);
    }
    if (c.payout) byPayout.set(c.payout, [...(byPayout.get(c.payout) ?? []), id]);
  }

  let requests = 0;
  for (const [i, p] of spec.payouts.entries()) {
    const ids = byPayout.get(p.key) ?? [];
    const at = ago(o.now, p.daysAgo, 90 + i);
    const methodId = methods[p.method ?? 0] ?? null;
    const made = await createPayoutRequest(db, o.partnerId, { clientIds: ids, methodId, comment: p.comment ?? null, requestKey: `demo-${p.key}` }, at);
    if (!made.ok) throw new Error(`seed: payout request ${p.key} refused (${made.reason})`);
    requests++;
    if (p.status === "pending") continue;
    await approvePayout(db, made.request.id, o.adminId, null, t.payouts.notices, at + DAY + later(i));
    if (p.status === "paid") await markPayoutPaid(db, made.request.id, o.adminId, p.adminComment ?? null, t.payouts.notices, at + 2 * DAY + later(i + 1));
  }
  return { clients: spec.clients.length, requests };
}
