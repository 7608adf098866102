/**
 * Every dangerous action asks first (DESIGN.md «Confirm dangerous actions», src/web/confirm.tsx):
 * posted without `confirmed=1` it answers a confirmation page that posts back to the same address with
 * the real button, and changes nothing. The table is checked against the app's routes: a new POST whose
 * path ends in /deletion, /deactivation or /rejection fails here until it is listed.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { landingImages, type User } from "./db/schema.js";
import { sendMessage } from "./features/chat/chat.js";
import { createLanding } from "./features/landings/landings.js";
import { createDefaultLink, listDefaultLinks } from "./features/links/default-links.js";
import { createLink } from "./features/links/links.js";
import { notifyAllPartners } from "./features/notifications/notifications.js";
import { setPartnerRate } from "./features/partners/rate-routing.js";
import { BRAND_KEYS } from "./features/settings/brand.js";
import { setSetting } from "./features/settings/settings.js";
import { givenAdmin, givenPartner, snapshot } from "./testing/fixtures.js";
import { givenMoneyClient, givenPayoutRequest } from "./testing/money.js";
import { givenCardMethod } from "./testing/payout-fixtures.js";
import { createTestApp, type TestApp } from "./testing/test-app.js";

type Ctx = { t: TestApp; admin: User };
/** Makes what the action would change; answers the URL, who posts, and the form. */
type Setup = (ctx: Ctx) => Promise<{ url: string; as: User; form?: Record<string, string> }>;

const landingOf = (ctx: Ctx, partner: User) =>
  createLanding(ctx.t.db, partner.id, { title: "L", headerText: "H", description: "D", buttonText: "B", themeColor: "#123456" }, ctx.t.clock.now);

const dangerous: Record<string, Setup> = {
  "POST /links/:id/deactivation": async ({ t }) => {
    const partner = await givenPartner(t.db);
    const link = await createLink(
      t.db,
      partner.id,
      {
        title: "Моя ссылка",
        linkType: "direct",
        targetUrl: "https://shop.example.ru/",
        landingId: null,
        utmSource: null,
        utmMedium: null,
        utmCampaign: null,
        utmContent: null,
        utmTerm: null,
      },
      t.clock.now,
    );
    return { url: `/links/${link.id}/deactivation`, as: partner };
  },
  "POST /landings/:id/deactivation": async (ctx) => {
    const partner = await givenPartner(ctx.t.db);
    const landing = await landingOf(ctx, partner);
    return { url: `/landings/${landing.id}/deactivation`, as: partner };
  },
  "POST /landings/:id/images/:imageId/deletion": async (ctx) => {
    const partner = await givenPartner(ctx.t.db);
    const landing = await landingOf(ctx, partner);
    const image = {
      landingId: landing.id,
      fileName: "x.webp",
      mime: "image/webp",
      width: 10,
      height: 10,
      bytes: 100,
      sortOrder: 0,
      createdAt: ctx.t.clock.now,
    };
    const [row] = await ctx.t.db.insert(landingImages).values(image).returning();
    return { url: `/landings/${landing.id}/images/${row?.id}/deletion`, as: partner };
  },
  "POST /profile/payout-methods/:id/deletion": async ({ t }) => {
    const partner = await givenPartner(t.db);
    const method = await givenCardMethod(t.db, partner.id);
    return { url: `/profile/payout-methods/${method.id}/deletion`, as: partner };
  },
  "POST /admin/partners/:id/deactivation": async ({ t, admin }) => ({ url: `/admin/partners/${(await givenPartner(t.db)).id}/deactivation`, as: admin }),
  "POST /admin/registrations/:id/rejection": async ({ t, admin }) => {
    const partner = await givenPartner(t.db, { approvalStatus: "pending", isActive: false, decidedAt: null });
    return { url: `/admin/registrations/${partner.id}/rejection`, as: admin, form: { reason: "Нет сайта" } };
  },
  "POST /admin/notifications": async ({ t, admin }) => {
    await givenPartner(t.db);
    return { url: "/admin/notifications", as: admin, form: { recipient: "all", title: "Всем", message: "Текст" } };
  },
  "POST /admin/notifications/:id/deletion": async ({ t, admin }) => {
    const id = await notifyAllPartners(t.db, { kind: "admin", title: "Старое", message: "Текст", createdBy: admin.id }, t.clock.now);
    return { url: `/admin/notifications/${id}/deletion`, as: admin };
  },
  "POST /admin/chat/:partnerId/messages/:messageId/deletion": async ({ t, admin }) => {
    const partner = await givenPartner(t.db);
    const message = { partnerId: partner.id, senderId: admin.id, fromAdmin: true, body: "Счёт приложен", idempotencyKey: "confirm-key-0123456789", files: [] };
    const sent = await sendMessage(t.db, message, t.clock.now);
    return { url: `/admin/chat/${partner.id}/messages/${sent.messageId}/deletion`, as: admin };
  },
  "POST /admin/partners/:id/rate/deletion": async ({ t, admin }) => {
    const partner = await givenPartner(t.db);
    await setPartnerRate(t.db, partner.id, 1_500, admin.id, t.clock.now);
    return { url: `/admin/partners/${partner.id}/rate/deletion`, as: admin };
  },
  "POST /admin/partners/:id/routing/deletion": async ({ t, admin }) => ({
    url: `/admin/partners/${(await givenPartner(t.db)).id}/routing/deletion`,
    as: admin,
  }),
  "POST /admin/partners/:id/clients/payment-marks": async ({ t, admin }) => {
    const partner = await givenPartner(t.db);
    const client = await givenMoneyClient(t.db, partner.id);
    return { url: `/admin/partners/${partner.id}/clients/payment-marks`, as: admin, form: { client_id: String(client.id), mark: "paid" } };
  },
  "POST /admin/partners/:id/clients/:clientId/payment-mark": async ({ t, admin }) => {
    const partner = await givenPartner(t.db);
    const client = await givenMoneyClient(t.db, partner.id);
    return { url: `/admin/partners/${partner.id}/clients/${client.id}/payment-mark`, as: admin, form: { mark: "paid" } };
  },
  "POST /admin/payouts/:id/payment": async ({ t, admin }) => {
    const partner = await givenPartner(t.db);
    const request = await givenPayoutRequest(t.db, partner.id, [await givenMoneyClient(t.db, partner.id)], "approved");
    return { url: `/admin/payouts/${request.id}/payment`, as: admin };
  },
  "POST /admin/payouts/:id/rejection": async ({ t, admin }) => {
    const partner = await givenPartner(t.db);
    const request = await givenPayoutRequest(t.db, partner.id, [await givenMoneyClient(t.db, partner.id)], "pending");
    return { url: `/admin/payouts/${request.id}/rejection`, as: admin, form: { comment: "Неверные реквизиты" } };
  },
  "POST /admin/settings/default-links/:id/deletion": async ({ t, admin }) => {
    const input = { title: "Каталог", targetUrl: "https://shop.example.ru/", utmSource: null, utmMedium: null, utmCampaign: null, utmContent: null };
    await createDefaultLink(t.db, input, admin.id, t.clock.now);
    const [link] = await listDefaultLinks(t.db);
    return { url: `/admin/settings/default-links/${link?.id}/deletion`, as: admin };
  },
  "POST /admin/settings/brand/logo/deletion": async ({ t, admin }) => {
    await setSetting(t.db, BRAND_KEYS.logo, JSON.stringify({ file: "logo.png", width: 100, height: 40, version: "v1" }), t.clock.now);
    return { url: "/admin/settings/brand/logo/deletion", as: admin };
  },
};

let ctx: Ctx;
beforeAll(async () => {
  const t = await createTestApp();
  ctx = { t, admin: await givenAdmin(t.db) };
});

describe("dangerous actions ask first", () => {
  it("lists every POST that deletes, deactivates or rejects", () => {
    const registered = ctx.t.app.routes
      .filter((r) => r.method === "POST" && /\/(deletion|deactivation|rejection)$/.test(r.path))
      .map((r) => `${r.method} ${r.path}`);
    const listed = new Set(Object.keys(dangerous));
    expect([...new Set(registered)].filter((key) => !listed.has(key))).toEqual([]);
  });

  it.each(Object.entries(dangerous))("%s answers a confirmation page and changes nothing", async (_key, setup) => {
    const { url, as, form = {} } = await setup(ctx);
    const cookie = await ctx.t.cookieFor(as);
    const before = await snapshot(ctx.t.client);
    const res = await ctx.t.request(url, { cookie, form });
    expect(res.status, await res.clone().text()).toBe(200);
    const html = await res.text();
    expect(html).toContain(`action="${url}"`);
    expect(html).toContain('name="confirmed" value="1"');
    for (const [name, value] of Object.entries(form)) expect(html).toContain(`name="${name}" value="${value}"`);
    expect(await snapshot(ctx.t.client)).toBe(before);
  });
});
