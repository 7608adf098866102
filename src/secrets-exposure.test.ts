/**
 * SECURITY.md: the Bitrix24 webhook URL is a bearer secret and the application token authenticates its
 * events. Neither may reach a page: every GET route the app registers is fetched as a partner who owns
 * one of everything (link, landing, won client, requisites, payout request) and as an admin, with the
 * CRM configured, and no answer may contain either secret.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { maskWebhookUrl } from "./features/crm/settings/crm-settings.js";
import { createLanding } from "./features/landings/landings.js";
import { createLink } from "./features/links/links.js";
import { type Bitrix24Emulator, startBitrix24Emulator } from "./integrations/bitrix24/emulator/index.js";
import { givenAdmin, givenPartner } from "./testing/fixtures.js";
import { givenPayoutRequest } from "./testing/money.js";
import { givenCardMethod, givenWonClient } from "./testing/payout-fixtures.js";
import { createTestApp, type TestApp } from "./testing/test-app.js";

const TOKEN = "app-token-s3cr3t-4242";
let t: TestApp;
let emu: Bitrix24Emulator;
let secret = "";
let linkCode = "";

beforeAll(async () => {
  emu = await startBitrix24Emulator({ rateLimit: false, seed: { funnels: [{ id: 1, name: "Funnel" }] } });
  secret = emu.webhookUrl.split("/rest/")[1]?.split("/")[1] ?? "";
  expect(secret.length).toBeGreaterThan(8);
  t = await createTestApp({ B24_WEBHOOK_URL: emu.webhookUrl, B24_APPLICATION_TOKEN: TOKEN });
  // In a fresh database every first row has id 1, so ":id" → 1 points at the partner's own objects.
  const partner = await givenPartner(t.db);
  const landing = await createLanding(t.db, partner.id, { title: "L", headerText: "H", description: "D", buttonText: "B", themeColor: "#123456" }, t.clock.now);
  const link = await createLink(
    t.db,
    partner.id,
    {
      title: "x",
      linkType: "landing",
      targetUrl: null,
      landingId: landing.id,
      utmSource: null,
      utmMedium: null,
      utmCampaign: null,
      utmContent: null,
      utmTerm: null,
    },
    t.clock.now,
  );
  linkCode = link.code;
  const client = await givenWonClient(t.db, partner.id, { b24DealId: 77 });
  await givenCardMethod(t.db, partner.id);
  await givenPayoutRequest(t.db, partner.id, [client], "pending");
  expect([partner.id, landing.id, link.id, client.id]).toEqual([1, 1, 1, 1]);
});
afterAll(() => emu?.close());

function getRoutes(): string[] {
  const paths = t.app.routes.filter((r) => r.method === "GET").map((r) => r.path);
  return [...new Set(paths)]
    .filter((p) => !p.includes(":file") && !p.includes(":imageId"))
    .map((p) => p.replaceAll(":id", "1").replaceAll(":clientId", "1").replaceAll(":jobId", "1").replaceAll(":code", linkCode).replaceAll(":token", "x"));
}

describe("no page shows the Bitrix24 secrets", () => {
  it.each(["partner", "admin"] as const)("as %s, over every GET route", { timeout: 60_000 }, async (role) => {
    const user = role === "partner" ? { id: 1, role: "partner" as const } : await givenAdmin(t.db);
    const cookie = await t.cookieFor(user);
    const routes = getRoutes();
    expect(routes.length).toBeGreaterThan(30);
    let pagesSeen = 0;
    for (const path of routes) {
      const res = await t.request(path, { cookie });
      const body = await res.text();
      if (res.status === 200) pagesSeen += 1;
      expect(body, path).not.toContain(secret);
      expect(body, path).not.toContain(TOKEN);
      expect(res.headers.get("location") ?? "", path).not.toContain(secret);
    }
    // The CRM really is configured: the admin sees the webhook, masked.
    if (role === "admin") expect(await (await t.request("/admin/crm", { cookie })).text()).toContain(maskWebhookUrl(emu.webhookUrl));
    // Most routes really rendered (not just redirects), so the check looked at real pages.
    expect(pagesSeen).toBeGreaterThan(role === "partner" ? 20 : 15);
  });
});
