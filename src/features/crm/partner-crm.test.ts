import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { clients, users } from "../../db/schema.js";
import { type Bitrix24Emulator, startBitrix24Emulator } from "../../integrations/bitrix24/emulator/index.js";
import { givenAdmin, givenPartner } from "../../testing/fixtures.js";
import { createTestApp, type TestApp } from "../../testing/test-app.js";
import { createClient } from "../clients/clients.js";
import { clearListFailures, listsWithin, routingFor } from "./partner-crm.js";
import type { CrmLists, CrmSettings } from "./settings/crm-settings.js";

let t: TestApp;
let emu: Bitrix24Emulator;
let partner: Awaited<ReturnType<typeof givenPartner>>;
let cookie: string;
beforeEach(async () => {
  clearListFailures();
  t = await createTestApp();
  emu = await startBitrix24Emulator({
    rateLimit: false,
    seed: {
      funnels: [
        {
          id: 1,
          name: "Партнёрская воронка",
          stages: [
            { id: "NEW", name: "Новая заявка от партнёра", sort: 10 },
            { id: "WON", name: "Успех", sort: 20 },
          ],
        },
        {
          id: 2,
          name: "Оптовики",
          stages: [
            { id: "FIRST", name: "Первичный контакт", sort: 10 },
            { id: "CALL", name: "Созвон", sort: 20 },
          ],
        },
      ],
    },
  });
  partner = await givenPartner(t.db);
  cookie = await t.cookieFor(partner);
});
afterEach(() => emu.close());

const secretOf = (url: string) => url.split("/rest/")[1]?.split("/")[1] ?? "";
async function configure(form: Record<string, string>) {
  const admin = await t.cookieFor(await givenAdmin(t.db));
  const res = await t.request("/admin/crm", {
    cookie: admin,
    form: { webhook_url: emu.webhookUrl, application_token: "tok-secret-123", entity_type: "deal", ...form },
  });
  expect(res.status).toBe(303);
}
async function page() {
  const res = await t.request("/crm", { cookie });
  expect(res.status).toBe(200);
  return res.text();
}
function expectNoSecret(html: string) {
  expect(html).not.toContain(secretOf(emu.webhookUrl));
  expect(html).not.toContain("/rest/");
  expect(html).not.toContain(emu.origin);
  expect(html).not.toContain("tok-secret-123");
}
let seq = 0;
async function givenClient(partnerId: number, state: Partial<typeof clients.$inferInsert>) {
  seq += 1;
  const noUtm = { utmSource: null, utmMedium: null, utmCampaign: null, utmContent: null, utmTerm: null };
  const created = await createClient(
    t.db,
    partnerId,
    {
      source: "form",
      name: "К",
      phone: `+7902${String(seq).padStart(7, "0")}`,
      email: null,
      company: null,
      comment: null,
      linkId: null,
      landingId: null,
      utm: noUtm,
    },
    t.clock.now,
  );
  if (!created.ok) throw new Error("fixture client refused");
  await t.db.update(clients).set(state).where(eq(clients.id, created.client.id));
}

describe("GET /crm", () => {
  it("names the funnel and stage the partner's leads go to, read from the portal, and nothing of the connection", async () => {
    await configure({ category_id: "1", stage_id: "C1:NEW" });
    const html = await page();
    expect(html).toContain("<title>CRM");
    expect(html).toContain("сделка с контактом");
    expect(html).toContain("Партнёрская воронка");
    expect(html).toContain("Новая заявка от партнёра");
    expect(html).toContain("Действуют общие настройки программы.");
    expect(html).toContain('href="/crm" aria-current="page"');
    expectNoSecret(html);
  });

  it("uses the partner's own routing when the admin set one (funnel 2, its first stage)", async () => {
    await configure({ category_id: "1", stage_id: "C1:NEW" });
    await t.db.update(users).set({ b24EntityType: "deal", b24CategoryId: 2 }).where(eq(users.id, partner.id));
    const html = await page();
    expect(html).toContain("Оптовики");
    expect(html).toContain("Первичный контакт");
    expect(html).not.toContain("Новая заявка от партнёра");
    expect(html).toContain("Для вас менеджер настроил отдельную воронку.");
    expectNoSecret(html);
  });

  it("shows codes and a calm note when Bitrix24 does not answer — never an error page", async () => {
    await configure({ category_id: "1", stage_id: "C1:NEW" });
    await emu.control.setDown(true);
    const html = await page();
    expect(html).toContain("Bitrix24 сейчас не ответил, поэтому вместо названий показаны коды");
    expect(html).toContain("воронка №1");
    expect(html).toContain("код C1:NEW");
    expectNoSecret(html);
  });

  it("says Bitrix24 is not connected yet when no webhook is set", async () => {
    const html = await page();
    expect(html).toContain("Компания ещё не подключила Bitrix24");
    expect(html).toContain("лид");
    expect(html).toContain("первый статус лида");
  });

  it("counts delivery states, conversion among delivered clients and the won money of the partner's own clients only", async () => {
    await givenClient(partner.id, { deliveryState: "pending" });
    await givenClient(partner.id, { deliveryState: "failed" });
    await givenClient(partner.id, { deliveryState: "sent", statusGroup: "new" });
    await givenClient(partner.id, { deliveryState: "sent", statusGroup: "in_progress" });
    await givenClient(partner.id, { deliveryState: "sent", statusGroup: "lost" });
    await givenClient(partner.id, { deliveryState: "sent", statusGroup: "won", amountKopecks: 15_000_000, currencyId: "RUB", commissionKopecks: 1_500_000 });
    const other = await givenPartner(t.db);
    await givenClient(other.id, { deliveryState: "sent", statusGroup: "won", amountKopecks: 99_900_000, commissionKopecks: 9_990_000 });
    const html = await page();
    const stat = (id: string) => html.slice(html.lastIndexOf("<a", html.indexOf(`id="${id}"`)), html.indexOf("</a>", html.indexOf(`id="${id}"`)));
    expect(stat("delivery-pending")).toContain('<span class="stat-value">1</span>');
    expect(stat("delivery-sent")).toContain('<span class="stat-value">4</span>');
    expect(stat("delivery-failed")).toContain('<span class="stat-value">1</span>');
    expect(stat("delivery-failed")).toContain('href="/clients?delivery=failed"');
    for (const group of ["new", "in_progress", "won", "lost"]) {
      expect(stat(`group-${group}`)).toContain('<span class="stat-value">1</span>');
      expect(stat(`group-${group}`)).toContain("25\u00a0% от отправленных");
    }
    const won = html.slice(html.indexOf('id="won-RUB"'));
    expect(won).toContain("150\u00a0000,00\u00a0₽");
    expect(won).toContain("15\u00a0000,00\u00a0₽");
    expect(html).not.toContain("999\u00a0000,00");
  });

  it("shows an empty state for a new partner", async () => {
    const html = await page();
    expect(html).toContain("Пока ни одна заявка не отправлена в Bitrix24.");
    expect(html).toContain("Успешных сделок пока нет.");
  });

  it("sends an admin to the admin overview", async () => {
    const res = await t.request("/crm", { cookie: await t.cookieFor(await givenAdmin(t.db)) });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/admin");
  });
});

describe("routingFor", () => {
  const crm = { entityType: "deal", categoryId: 1, stageId: "C1:NEW", leadStatusId: "NEW" } as CrmSettings;
  const none = { entityType: null, categoryId: null, stageId: null };
  it("takes the global routing when the partner has none", () => {
    expect(routingFor(crm, none)).toEqual({ entityType: "deal", categoryId: 1, stageId: "C1:NEW", own: false });
  });
  it("never carries the global stage into the partner's other funnel", () => {
    expect(routingFor(crm, { ...none, categoryId: 2 })).toEqual({ entityType: "deal", categoryId: 2, stageId: null, own: true });
  });
  it("routes a lead-mode partner to a lead status", () => {
    expect(routingFor(crm, { ...none, entityType: "lead" })).toEqual({ entityType: "lead", categoryId: null, stageId: "NEW", own: true });
  });
});

describe("listsWithin", () => {
  const lists: CrmLists = { categories: [], stages: {}, leadStatuses: [], loadedAt: 0 };
  it("gives up on a slow portal at the deadline, and the read goes on in the background", async () => {
    let finished = false;
    const slow = () => new Promise<CrmLists>((resolve) => setTimeout(() => resolve(lists), 300)).finally(() => (finished = true));
    const started = Date.now();
    expect(await listsWithin(slow, "slow", 0, 50)).toBeNull();
    expect(Date.now() - started).toBeLessThan(250);
    await expect.poll(() => finished).toBe(true);
  });
  it("leaves a failing portal alone for a minute instead of asking on every page view", async () => {
    let calls = 0;
    const failing = async () => {
      calls += 1;
      throw new Error("down");
    };
    expect(await listsWithin(failing, "down", 1_000)).toBeNull();
    expect(await listsWithin(failing, "down", 30_000)).toBeNull();
    expect(calls).toBe(1);
    expect(await listsWithin(async () => lists, "down", 62_000)).toBe(lists);
  });
});
