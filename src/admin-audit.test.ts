/**
 * SECURITY.md H-7 / T13: every admin mutation route writes exactly one audit row, with the admin as the
 * actor and the partner it concerns. The table is checked against `app.routes`: a new POST under /admin
 * fails here until it says which action it audits, or why it changes nothing an audit cares about.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq, gt } from "drizzle-orm";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, deliveryJobs, type User } from "./db/schema.js";
import { listMessages, sendMessage } from "./features/chat/chat.js";
import { saveCrmSettings } from "./features/crm/settings/crm-settings.js";
import { createDefaultLink, listDefaultLinks } from "./features/links/default-links.js";
import { notifyPartner } from "./features/notifications/notifications.js";
import { getUserByEmail } from "./features/partners/partners.js";
import { setBrandLogo } from "./features/settings/brand.js";
import { storeLogoBytes } from "./features/settings/brand-logo.js";
import { t as ru } from "./i18n/ru.js";
import { type Bitrix24Emulator, startBitrix24Emulator } from "./integrations/bitrix24/emulator/index.js";
import { givenAdmin, givenPartner, snapshot } from "./testing/fixtures.js";
import { givenMoneyClient, givenPayoutRequest } from "./testing/money.js";
import { createTestApp, TEST_ORIGIN, type TestApp } from "./testing/test-app.js";

type Ctx = { t: TestApp; admin: User };
type Prepared = {
  /** Values for the path's :params. */
  params?: Record<string, number>;
  /** The partner the row must name: known up front, found after the request, or none (program-wide settings). */
  partnerId: number | null | (() => Promise<number>);
  /** Form fields that depend on what setup made (ids). */
  form?: Record<string, string>;
};
type Audited = {
  setup: (ctx: Ctx) => Promise<Prepared>;
  form?: Record<string, string>;
  action: string;
  entity: string;
  /** true: the same request again is a new action (another notification); false: the state is already reached, nothing is written. */
  repeats: boolean;
  /** A multipart body instead of the urlencoded form (uploads); made afresh for each request. */
  multipart?: () => Promise<FormData>;
};
type NotAudited = { noAudit: string };
/** A POST that changes data but is, by design, not an admin action the audit records; `check` shows it did its work. */
type Exempt = {
  exempt: string;
  setup: (ctx: Ctx) => Promise<Prepared>;
  form: Record<string, string>;
  check: (ctx: Ctx, prepared: Prepared) => Promise<void>;
};

const partnerOnly = async ({ t }: Ctx, overrides: Parameters<typeof givenPartner>[1] = {}) => {
  const partner = await givenPartner(t.db, overrides);
  return { params: { id: partner.id }, partnerId: partner.id };
};
const pending = { approvalStatus: "pending" as const, isActive: false, decidedAt: null };

/** A partner's won client with commission; `money` overrides its fields. */
async function partnerClient({ t }: Ctx, money: Parameters<typeof givenMoneyClient>[2] = {}) {
  const partner = await givenPartner(t.db);
  const client = await givenMoneyClient(t.db, partner.id, money);
  return { partner, client, params: { id: partner.id, clientId: client.id }, partnerId: partner.id };
}

async function payoutRequest(ctx: Ctx, status: "pending" | "approved") {
  const { partner, client } = await partnerClient(ctx);
  const request = await givenPayoutRequest(ctx.t.db, partner.id, [client], status);
  return { params: { id: request.id }, partnerId: partner.id };
}

/** A client whose Bitrix24 delivery gave up (its job dead-lettered). */
async function deadDelivery(ctx: Ctx) {
  const { partner, client } = await partnerClient(ctx);
  const [job] = await ctx.t.db
    .update(deliveryJobs)
    .set({ state: "dead", lastError: "crm.lead.add: bad data" })
    .where(eq(deliveryJobs.clientId, client.id))
    .returning();
  if (!job) throw new Error("no delivery job");
  return { params: { jobId: job.id }, partnerId: partner.id };
}

let emu: Bitrix24Emulator;

/** A partner with one company message just sent by the admin. */
async function companyMessage(ctx: Ctx) {
  const partner = await givenPartner(ctx.t.db);
  const key = `audit-${partner.id}-key-0123456789`;
  const sent = await sendMessage(
    ctx.t.db,
    { partnerId: partner.id, senderId: ctx.admin.id, fromAdmin: true, body: "Hello", idempotencyKey: key, files: [] },
    ctx.t.clock.now,
  );
  return { params: { partnerId: partner.id, messageId: sent.messageId }, partnerId: partner.id };
}

const auditTable: Record<string, Audited | NotAudited | Exempt> = {
  "POST /admin/registrations/:id/approval": { setup: (ctx) => partnerOnly(ctx, pending), action: "registration.approve", entity: "partner", repeats: false },
  "POST /admin/registrations/:id/rejection": {
    setup: (ctx) => partnerOnly(ctx, pending),
    form: { reason: "Not a fit" },
    action: "registration.reject",
    entity: "partner",
    repeats: false,
  },
  "POST /admin/partners": {
    setup: async ({ t }) => ({ partnerId: async () => (await getUserByEmail(t.db, "audit-new@example.ru"))?.id ?? -1 }),
    form: { name: "New partner", email: "audit-new@example.ru", password: "long-password-123" },
    action: "partner.create",
    entity: "partner",
    repeats: false,
  },
  "POST /admin/partners/:id/activation": {
    setup: (ctx) => partnerOnly(ctx, { isActive: false }),
    action: "partner.activate",
    entity: "partner",
    repeats: false,
  },
  "POST /admin/partners/:id/deactivation": { setup: (ctx) => partnerOnly(ctx), action: "partner.deactivate", entity: "partner", repeats: false },
  "POST /admin/partners/:id/rate": { setup: (ctx) => partnerOnly(ctx), form: { rate: "12,5" }, action: "partner.rate", entity: "partner", repeats: false },
  "POST /admin/partners/:id/rate/deletion": {
    setup: (ctx) => partnerOnly(ctx, { rewardRateBp: 1_500 }),
    action: "partner.rate",
    entity: "partner",
    repeats: false,
  },
  "POST /admin/partners/:id/routing": {
    setup: (ctx) => partnerOnly(ctx),
    form: { entity_type: "deal", category_id: "1", stage_id: "C1:NEW" },
    action: "partner.routing",
    entity: "partner",
    repeats: false,
  },
  "POST /admin/partners/:id/routing/deletion": {
    setup: (ctx) => partnerOnly(ctx, { b24EntityType: "deal", b24CategoryId: 1, b24StageId: "C1:NEW" }),
    action: "partner.routing",
    entity: "partner",
    repeats: false,
  },
  "POST /admin/partners/:id/clients/payment-marks": {
    setup: async (ctx) => {
      const { partner, client } = await partnerClient(ctx);
      return { params: { id: partner.id }, partnerId: partner.id, form: { client_id: String(client.id) } };
    },
    form: { mark: "paid" },
    action: "client.paid",
    entity: "client",
    repeats: false,
  },
  "POST /admin/partners/:id/clients/:clientId/amount": {
    setup: (ctx) => partnerClient(ctx),
    form: { amount: "200 000,00", amount_reason: "Deal corrected" },
    action: "client.amount",
    entity: "client",
    repeats: false,
  },
  "POST /admin/partners/:id/clients/:clientId/commission": {
    setup: (ctx) => partnerClient(ctx),
    form: { commission: "20 000", commission_reason: "Bonus agreed" },
    action: "client.commission",
    entity: "client",
    repeats: false,
  },
  "POST /admin/partners/:id/clients/:clientId/flag-clearing": {
    setup: (ctx) => partnerClient(ctx, { commissionFlagged: true }),
    form: { note: "Checked with the deal" },
    action: "client.flag_cleared",
    entity: "client",
    repeats: false,
  },
  "POST /admin/partners/:id/clients/:clientId/payment-mark": {
    setup: (ctx) => partnerClient(ctx),
    form: { mark: "paid" },
    action: "client.paid",
    entity: "client",
    repeats: false,
  },
  "POST /admin/notifications": {
    setup: async (ctx) => {
      const { partnerId } = await partnerOnly(ctx);
      return { partnerId, form: { recipient: String(partnerId) } };
    },
    form: { title: "News", message: "Something new" },
    action: "notification.send",
    entity: "notification",
    repeats: true,
  },
  "POST /admin/notifications/:id/deletion": {
    setup: async ({ t, admin }) => {
      const partner = await givenPartner(t.db);
      const id = await notifyPartner(t.db, partner.id, { title: "Old", message: "Old news", kind: "admin", createdBy: admin.id }, t.clock.now);
      return { params: { id: id ?? -1 }, partnerId: partner.id };
    },
    action: "notification.delete",
    entity: "notification",
    repeats: false,
  },
  // Issue 12: the admin's chat messages are conversation, not administration; the partner sees every one.
  "POST /admin/chat/:partnerId/messages": {
    exempt: "a chat message: the conversation itself is the record (issue 12)",
    setup: (ctx) => partnerOnly(ctx).then(({ partnerId }) => ({ params: { partnerId }, partnerId })),
    form: { body: "A reply from the company", key: "audit-exempt-key-0123456789" },
    check: async ({ t }, prepared) => {
      const { messages } = await listMessages(t.db, prepared.params?.partnerId ?? -1);
      expect(messages.map((m) => [m.body, m.fromAdmin])).toEqual([["A reply from the company", true]]);
    },
  },
  "POST /admin/chat/:partnerId/messages/:messageId/deletion": {
    setup: companyMessage,
    action: "chat.message_delete",
    entity: "chat_message",
    // Deleted once; the same request again finds no message (404).
    repeats: false,
  },
  "POST /admin/crm": {
    setup: async () => ({ partnerId: null }),
    form: { webhook_url: "", entity_type: "lead", tracking_field: "UF_CRM_PARTNER" },
    action: "crm.settings",
    entity: "settings",
    // Every save is recorded, an unchanged one too (the log shows it as "no field changed").
    repeats: true,
  },
  "POST /admin/crm/check": { noAudit: "a connection check: it asks the portal for its funnels and stores nothing" },
  "POST /admin/crm/lists": { noAudit: "refreshes the in-memory cache of the portal's funnels and stages; nothing is stored" },
  "POST /admin/crm/retries": { setup: deadDelivery, action: "crm.delivery_retry", entity: "client", repeats: false },
  "POST /admin/crm/retries/:jobId": { setup: deadDelivery, action: "crm.delivery_retry", entity: "client", repeats: false },
  "POST /admin/payouts/settings": {
    setup: async () => ({ partnerId: null }),
    form: { hold_days: "14", min_amount: "1 000" },
    action: "settings.payouts",
    entity: "settings",
    repeats: false,
  },
  "POST /admin/payouts/:id/approval": { setup: (ctx) => payoutRequest(ctx, "pending"), action: "payout.approve", entity: "payout_request", repeats: false },
  "POST /admin/payouts/:id/rejection": {
    setup: (ctx) => payoutRequest(ctx, "pending"),
    form: { comment: "Wrong requisites" },
    action: "payout.reject",
    entity: "payout_request",
    repeats: false,
  },
  "POST /admin/payouts/:id/payment": { setup: (ctx) => payoutRequest(ctx, "approved"), action: "payout.paid", entity: "payout_request", repeats: false },
  "POST /admin/settings/default-links": {
    setup: async () => ({ partnerId: null }),
    form: { title: "Main page", target_url: "https://example.ru/" },
    action: "default_link.create",
    entity: "default_link",
    repeats: true,
  },
  "POST /admin/settings/default-links/:id/deletion": {
    setup: async ({ t, admin }) => {
      const input = { title: "Promo", targetUrl: "https://example.ru/promo", utmSource: null, utmMedium: null, utmCampaign: null, utmContent: null };
      await createDefaultLink(t.db, input, admin.id, t.clock.now);
      const [link] = await listDefaultLinks(t.db);
      return { params: { id: link?.id ?? -1 }, partnerId: null };
    },
    action: "default_link.delete",
    entity: "default_link",
    repeats: false,
  },
  // An unticked checkbox: masking off (it is on by default).
  "POST /admin/settings/contact-masking": {
    setup: async () => ({ partnerId: null }),
    action: "settings.contact_masking",
    entity: "settings",
    repeats: false,
  },
  "POST /admin/settings/target-domains": {
    setup: async () => ({ partnerId: null }),
    form: { target_domains: "example.ru\nпример.рф" },
    action: "settings.target_domains",
    entity: "settings",
    repeats: false,
  },
  "POST /admin/settings/brand": {
    setup: async () => ({ partnerId: null }),
    form: { company_name: "ООО «Ромашка»", colour: "#ffd000", support_contact: "@romashka_help", privacy_policy_url: "https://example.ru/privacy" },
    action: "settings.brand",
    entity: "settings",
    repeats: false,
  },
  "POST /admin/settings/brand/logo": {
    setup: async () => ({ partnerId: null }),
    multipart: async () => {
      const body = new FormData();
      const png = await sharp({ create: { width: 40, height: 20, channels: 3, background: "#ffd000" } })
        .png()
        .toBuffer();
      body.append("logo", new File([new Uint8Array(png)], "logo.png", { type: "image/png" }));
      return body;
    },
    action: "settings.brand_logo",
    entity: "settings",
    // Every upload is a new logo file.
    repeats: true,
  },
  "POST /admin/settings/brand/logo/deletion": {
    setup: async ({ t, admin }) => {
      const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: "#000000" } })
        .png()
        .toBuffer();
      const stored = await storeLogoBytes(t.config.UPLOAD_DIR, new Uint8Array(png));
      if (stored.ok) await setBrandLogo(t.db, stored.logo, admin.id, t.clock.now);
      return { partnerId: null };
    },
    action: "settings.brand_logo_removed",
    entity: "settings",
    repeats: false,
  },
  "POST /admin/settings/commission-rate": {
    setup: async () => ({ partnerId: null }),
    form: { rate_percent: "12,5" },
    action: "commission.global_rate",
    entity: "settings",
    repeats: false,
  },
};

const urlOf = (path: string, params: Record<string, number> = {}) =>
  path.replace(/:(\w+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`setup gave no :${name} for ${path}`);
    return String(value);
  });

let ctx: Ctx;
let cookie: string;
beforeAll(async () => {
  // Uploads (the brand logo) go to a folder of this run.
  const t = await createTestApp({ UPLOAD_DIR: mkdtempSync(join(tmpdir(), "admin-audit-uploads-")) });
  const admin = await givenAdmin(t.db);
  ctx = { t, admin };
  cookie = await t.cookieFor(admin);
  // Routing is checked against the portal's funnels, so Bitrix24 must answer.
  emu = await startBitrix24Emulator({ rateLimit: false, seed: { funnels: [{ id: 1, name: "Partner funnel" }] } });
  const crm = { webhookUrl: emu.webhookUrl, applicationToken: null, entityType: "lead" as const, categoryId: 0, stageId: null, leadStatusId: null };
  await saveCrmSettings(t.db, t.config, { ...crm, assignedById: null, trackingField: null, trackingTemplate: "partner-{code}" }, admin.id, t.clock.now);
});
afterAll(() => emu.close());

const lastAuditId = async () => (await ctx.t.db.select({ id: auditLog.id }).from(auditLog).orderBy(auditLog.id)).at(-1)?.id ?? 0;
const auditsAfter = (id: number) => ctx.t.db.select().from(auditLog).where(gt(auditLog.id, id)).orderBy(auditLog.id);
// Dangerous actions ask first (src/web/confirm.tsx); the audit is about the confirmed action.
const post = (url: string, form: Record<string, string>) => ctx.t.request(url, { cookie, form: { confirmed: "1", ...form } });
const postMultipart = (url: string, body: FormData) =>
  ctx.t.app.request(
    `${TEST_ORIGIN}${url}`,
    { method: "POST", body, headers: { cookie, origin: TEST_ORIGIN } },
    { incoming: { socket: { remoteAddress: "203.0.113.10" } } },
  );
const send = async (rule: Audited, url: string, form: Record<string, string>) =>
  rule.multipart ? postMultipart(url, await rule.multipart()) : post(url, form);

const entries = Object.entries(auditTable).map(([key, rule]) => ({ key, path: key.split(" ")[1] ?? "", rule }));
const audited = entries.flatMap((e) => ("noAudit" in e.rule || "exempt" in e.rule ? [] : [{ ...e, rule: e.rule }]));
const notAudited = entries.flatMap((e) => ("noAudit" in e.rule ? [{ ...e, reason: e.rule.noAudit }] : []));
const exempt = entries.flatMap((e) => ("exempt" in e.rule ? [{ ...e, rule: e.rule, reason: e.rule.exempt }] : []));

describe("admin mutation audit (SECURITY.md H-7)", () => {
  it("covers exactly the POST routes the app registers under /admin", () => {
    const registered = ctx.t.app.routes.filter((r) => r.method === "POST" && r.path.startsWith("/admin")).map((r) => `${r.method} ${r.path}`);
    expect([...new Set(registered)].sort()).toEqual(Object.keys(auditTable).sort());
  });

  it.each(audited)("$key writes exactly one $rule.action row, by the admin, about its partner", async ({ path, rule }) => {
    const prepared = await rule.setup(ctx);
    const url = urlOf(path, prepared.params);
    const form = { ...rule.form, ...prepared.form };
    const mark = await lastAuditId();
    const res = await send(rule, url, form);
    expect([200, 303], await res.clone().text()).toContain(res.status);
    const rows = await auditsAfter(mark);
    const partnerId = typeof prepared.partnerId === "function" ? await prepared.partnerId() : prepared.partnerId;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: rule.action, actorId: ctx.admin.id, entity: rule.entity, partnerId });
    expect(ru.audit.actions[rule.action], "a Russian label for the audit page").toBeTruthy();

    const again = await send(rule, url, form);
    expect(again.status).toBeLessThan(500);
    const repeated = await auditsAfter(rows[0]?.id ?? 0);
    if (rule.repeats) expect(repeated).toMatchObject([{ action: rule.action, actorId: ctx.admin.id, partnerId }]);
    else expect(repeated).toEqual([]);
  });

  it.each(notAudited)("$key is not audited: $reason", async ({ path }) => {
    const before = await snapshot(ctx.t.client);
    const res = await post(urlOf(path), {});
    expect(res.status).toBe(303);
    expect(await snapshot(ctx.t.client)).toBe(before);
  });

  it.each(exempt)("$key changes data but writes no audit row: $reason", async ({ path, rule }) => {
    const prepared = await rule.setup(ctx);
    const mark = await lastAuditId();
    const res = await post(urlOf(path, prepared.params), rule.form);
    expect(res.status, await res.clone().text()).toBe(303);
    await rule.check(ctx, prepared);
    expect(await auditsAfter(mark)).toEqual([]);
  });

  it("marks several clients paid with one row per client, each naming its client", async () => {
    const partner = await givenPartner(ctx.t.db);
    const clients = [await givenMoneyClient(ctx.t.db, partner.id), await givenMoneyClient(ctx.t.db, partner.id)];
    const mark = await lastAuditId();
    const body = new URLSearchParams([...clients.map((c) => ["client_id", String(c.id)]), ["mark", "paid"], ["confirmed", "1"]]);
    // t.request sends one value per field; the list form sends client_id once per ticked row.
    const res = await ctx.t.app.request(
      `${TEST_ORIGIN}/admin/partners/${partner.id}/clients/payment-marks`,
      { method: "POST", headers: { cookie, origin: TEST_ORIGIN, "content-type": "application/x-www-form-urlencoded" }, body: body.toString() },
      { incoming: { socket: { remoteAddress: "203.0.113.10" } } },
    );
    expect(res.status).toBe(303);
    const rows = await auditsAfter(mark);
    expect(rows.map((r) => [r.action, r.entityId, r.partnerId, r.actorId])).toEqual(clients.map((c) => ["client.paid", c.id, partner.id, ctx.admin.id]));
  });
});
