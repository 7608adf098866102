import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { auditLog, users } from "../../db/schema.js";
import { type Bitrix24Emulator, startBitrix24Emulator } from "../../integrations/bitrix24/emulator/index.js";
import { givenAdmin, givenPartner, reloadUser, snapshot } from "../../testing/fixtures.js";
import { cookiesFrom, createTestApp, type TestApp } from "../../testing/test-app.js";
import { effectiveRateBp, GLOBAL_REWARD_KEY } from "../commissions/commissions.js";
import { saveCrmSettings } from "../crm/settings/crm-settings.js";
import { setSetting } from "../settings/settings.js";

let t: TestApp;
let admin: Awaited<ReturnType<typeof givenAdmin>>;
let cookie: string;
let partner: Awaited<ReturnType<typeof givenPartner>>;
beforeEach(async () => {
  t = await createTestApp();
  admin = await givenAdmin(t.db);
  cookie = await t.cookieFor(admin);
  partner = await givenPartner(t.db, { name: "Ставкин" });
});

const page = async (res?: Response) => (await t.request(`/admin/partners/${partner.id}`, { cookie: res ? cookiesFrom(res, cookie) : cookie })).text();
const audits = () => t.db.select().from(auditLog).orderBy(auditLog.id);

describe("POST /admin/partners/:id/rate", () => {
  it("sets the partner's own rate, which the commission engine then uses, audited before → after", async () => {
    expect(await page()).toContain("общая ставка программы");
    const res = await t.request(`/admin/partners/${partner.id}/rate`, { cookie, form: { rate: "12,5" } });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/admin/partners/${partner.id}`);
    const html = await page(res);
    expect(html).toContain("Ставка партнёра: 12,5\u00a0%");
    expect(html).toContain("своя ставка партнёра");
    expect((await reloadUser(t.db, partner.id))?.rewardRateBp).toBe(1_250);
    expect(await effectiveRateBp(t.db, partner.id, 1_000)).toBe(1_250);
    expect(await audits()).toMatchObject([
      {
        action: "partner.rate",
        actorId: admin.id,
        entity: "partner",
        entityId: partner.id,
        partnerId: partner.id,
        before: '{"rateBp":null}',
        after: '{"rateBp":1250}',
      },
    ]);
  });

  it("writes nothing when the same rate is saved again", async () => {
    await t.request(`/admin/partners/${partner.id}/rate`, { cookie, form: { rate: "7" } });
    const before = await snapshot(t.client);
    const res = await t.request(`/admin/partners/${partner.id}/rate`, { cookie, form: { rate: "7,00" } });
    expect(await page(res)).toContain("Ставка не изменилась");
    expect(await snapshot(t.client)).toBe(before);
  });

  it.each([
    ["", "Укажите ставку в процентах"],
    ["abc", "Введите число, например 12,5"],
    ["-1", "Ставка не может быть отрицательной"],
    ["100,5", "Ставка не может быть больше 100 %"],
    ["12,345", "Не больше двух знаков после запятой"],
  ])("refuses «%s» next to the field and keeps the value, storing nothing", async (rate, message) => {
    const before = await snapshot(t.client);
    const res = await t.request(`/admin/partners/${partner.id}/rate`, { cookie, form: { rate } });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain(message);
    expect(html).toContain(`name="rate" type="text" value="${rate}"`);
    expect(await snapshot(t.client)).toBe(before);
  });

  it("answers 404 for a missing partner and an admin, storing nothing", async () => {
    const before = await snapshot(t.client);
    for (const id of [999_999, admin.id]) {
      expect((await t.request(`/admin/partners/${id}/rate`, { cookie, form: { rate: "5" } })).status).toBe(404);
      expect((await t.request(`/admin/partners/${id}/rate/deletion`, { cookie, form: { confirmed: "1" } })).status).toBe(404);
    }
    expect(await snapshot(t.client)).toBe(before);
  });
});

describe("POST /admin/partners/:id/rate/deletion", () => {
  it("returns the partner to the global rate, showing the current global value", async () => {
    await setSetting(t.db, GLOBAL_REWARD_KEY, "800", t.clock.now);
    await t.db.update(users).set({ rewardRateBp: 1_500 }).where(eq(users.id, partner.id));
    const res = await t.request(`/admin/partners/${partner.id}/rate/deletion`, { cookie, form: { confirmed: "1" } });
    expect(res.status).toBe(303);
    const html = await page(res);
    expect(html).toContain("Партнёр снова получает вознаграждение по общей ставке");
    expect(html).toContain("Общая ставка программы сейчас 8\u00a0%");
    expect((await reloadUser(t.db, partner.id))?.rewardRateBp).toBeNull();
    expect(await audits()).toMatchObject([{ action: "partner.rate", before: '{"rateBp":1500}', after: '{"rateBp":null}', partnerId: partner.id }]);
  });
});

describe("POST /admin/partners/:id/routing without Bitrix24", () => {
  it("says Bitrix24 is not connected and accepts only clearing", async () => {
    await t.db.update(users).set({ b24EntityType: "deal", b24CategoryId: 3, b24StageId: "C3:NEW" }).where(eq(users.id, partner.id));
    const html = await page();
    expect(html).toContain("Bitrix24 не подключён или не отвечает");
    expect(html).not.toContain('name="stage_id"');
    const before = await snapshot(t.client);
    const refused = await t.request(`/admin/partners/${partner.id}/routing`, { cookie, form: { entity_type: "lead", category_id: "", stage_id: "" } });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain("Bitrix24 сейчас недоступен");
    expect(await snapshot(t.client)).toBe(before);

    const cleared = await t.request(`/admin/partners/${partner.id}/routing/deletion`, { cookie, form: { confirmed: "1" } });
    expect(cleared.status).toBe(303);
    expect(await page(cleared)).toContain("Клиенты партнёра снова идут по общим настройкам Bitrix24");
    expect(await reloadUser(t.db, partner.id)).toMatchObject({ b24EntityType: null, b24CategoryId: null, b24StageId: null });
    expect(await audits()).toMatchObject([
      {
        action: "partner.routing",
        partnerId: partner.id,
        before: '{"entityType":"deal","categoryId":3,"stageId":"C3:NEW"}',
        after: '{"entityType":null,"categoryId":null,"stageId":null}',
      },
    ]);
  });

  it("answers 404 for a missing partner", async () => {
    const before = await snapshot(t.client);
    expect((await t.request("/admin/partners/999999/routing", { cookie, form: {} })).status).toBe(404);
    expect((await t.request("/admin/partners/999999/routing/deletion", { cookie, form: { confirmed: "1" } })).status).toBe(404);
    expect(await snapshot(t.client)).toBe(before);
  });
});

describe("POST /admin/partners/:id/routing with Bitrix24", () => {
  let emu: Bitrix24Emulator;
  beforeEach(async () => {
    emu = await startBitrix24Emulator({ rateLimit: false, seed: { funnels: [{ id: 1, name: "Партнёрская воронка" }] } });
    const crm = { webhookUrl: emu.webhookUrl, applicationToken: null, entityType: "lead" as const, categoryId: 0, stageId: null, leadStatusId: null };
    await saveCrmSettings(t.db, t.config, { ...crm, assignedById: null, trackingField: null, trackingTemplate: "partner-{code}" }, admin.id, t.clock.now);
  });
  afterEach(() => emu.close());
  const post = (form: Record<string, string>) => t.request(`/admin/partners/${partner.id}/routing`, { cookie, form });

  it("offers the portal's funnels and stages and stores a funnel with its own stage", async () => {
    const html = await page();
    expect(html).toContain("Партнёрская воронка");
    expect(html).toContain('<optgroup label="Партнёрская воронка">');
    expect(html).toContain('value="C1:NEW"');
    expect(html).toContain("В общих настройках: лид.");
    const res = await post({ entity_type: "deal", category_id: "1", stage_id: "C1:NEW" });
    expect(res.status).toBe(303);
    const after = await page(res);
    expect(after).toContain("Маршрут партнёра в Bitrix24 сохранён");
    expect(after).toContain("создаётся: сделка, воронка «Партнёрская воронка», стадия «New»");
    expect(await reloadUser(t.db, partner.id)).toMatchObject({ b24EntityType: "deal", b24CategoryId: 1, b24StageId: "C1:NEW" });
    const rows = (await audits()).filter((a) => a.action === "partner.routing");
    expect(rows).toMatchObject([{ partnerId: partner.id, actorId: admin.id, after: '{"entityType":"deal","categoryId":1,"stageId":"C1:NEW"}' }]);
  });

  it.each([
    [{ entity_type: "deal", category_id: "1", stage_id: "NEW" }, "stage_id", "Выберите стадию из выбранной воронки"],
    [{ entity_type: "deal", category_id: "99", stage_id: "C99:NEW" }, "category_id", "Выберите воронку из списка"],
    [{ entity_type: "", category_id: "", stage_id: "C1:NEW" }, "stage_id", "Сначала выберите воронку этой стадии"],
    [{ entity_type: "deal", category_id: "1", stage_id: "" }, "stage_id", "Выберите стадию этой воронки"],
    [{ entity_type: "lead", category_id: "1", stage_id: "C1:NEW" }, "category_id", "У лидов нет воронки"],
    [{ entity_type: "contact", category_id: "", stage_id: "" }, "entity_type", "Выберите лид, сделку или общие настройки"],
    [{ entity_type: "deal", category_id: "one", stage_id: "" }, "category_id", "Выберите воронку из списка"],
  ])("refuses an impossible route (%#) next to its field, storing nothing", async (form, field, message) => {
    const before = await snapshot(t.client);
    const res = await post(form);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain(message);
    expect(html).toContain(`id="f-${field}-error"`);
    expect(await snapshot(t.client)).toBe(before);
  });

  it("stores only the entity type, and clears everything back to the general settings", async () => {
    expect((await post({ entity_type: "deal", category_id: "", stage_id: "" })).status).toBe(303);
    expect(await reloadUser(t.db, partner.id)).toMatchObject({ b24EntityType: "deal", b24CategoryId: null, b24StageId: null });
    expect((await t.request(`/admin/partners/${partner.id}/routing/deletion`, { cookie, form: { confirmed: "1" } })).status).toBe(303);
    expect(await reloadUser(t.db, partner.id)).toMatchObject({ b24EntityType: null, b24CategoryId: null, b24StageId: null });
  });
});

describe("routing when the portal does not answer", () => {
  it("says so instead of offering lists", async () => {
    const emu = await startBitrix24Emulator({ rateLimit: false });
    try {
      const url = emu.webhookUrl;
      await saveCrmSettings(
        t.db,
        t.config,
        {
          webhookUrl: url,
          applicationToken: null,
          entityType: "deal",
          categoryId: 0,
          stageId: null,
          leadStatusId: null,
          assignedById: null,
          trackingField: null,
          trackingTemplate: "partner-{code}",
        },
        admin.id,
        t.clock.now,
      );
      emu.control.rotateWebhook();
      const html = await page();
      expect(html).toContain("Bitrix24 не подключён или не отвечает");
      expect(html).toContain("В общих настройках: сделка.");
    } finally {
      await emu.close();
    }
  });
});
