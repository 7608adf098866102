import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog } from "../../db/schema.js";
import { givenAdmin, snapshot } from "../../testing/fixtures.js";
import { cookiesFrom, createTestApp } from "../../testing/test-app.js";
import { GLOBAL_REWARD_KEY, globalRateBp } from "../commissions/commissions.js";
import { parsePercent } from "./commission-rate.js";
import { getSetting } from "./settings.js";

describe("GET /admin/settings", () => {
  it("shows the contact-masking switch (on by default) and the default links", async () => {
    const t = await createTestApp();
    const cookie = await t.cookieFor(await givenAdmin(t.db));
    const html = await (await t.request("/admin/settings", { cookie })).text();
    expect(html).toMatch(/name="mask_contacts" value="on" checked=""/);
    expect(html).toContain("Ссылки по умолчанию");
    await t.request("/admin/settings/contact-masking", { cookie, form: {} });
    expect(await (await t.request("/admin/settings", { cookie })).text()).not.toMatch(/name="mask_contacts" value="on" checked/);
  });
});

describe("parsePercent", () => {
  it.each([
    ["10", 1_000],
    ["7,5", 750],
    ["7.25", 725],
    [" 12 % ", 1_200],
    ["0", 0],
    ["100", 10_000],
    ["100,00", 10_000],
    ["0,01", 1],
  ])("reads %j as %i basis points", (input, bp) => {
    expect(parsePercent(input)).toEqual({ ok: true, rateBp: bp });
  });

  it.each([
    ["abc", "invalid"],
    ["-5", "invalid"],
    ["1e2", "invalid"],
    ["7,", "invalid"],
    ["7,125", "too_many_decimals"],
    ["100,01", "too_large"],
    ["150", "too_large"],
  ])("refuses %j (%s)", (input, reason) => {
    expect(parsePercent(input)).toEqual({ ok: false, reason });
  });
});

describe("POST /admin/settings/commission-rate", () => {
  async function setup(env: Record<string, string> = {}) {
    const t = await createTestApp(env);
    const admin = await givenAdmin(t.db);
    return { t, admin, cookie: await t.cookieFor(admin) };
  }

  it("shows the environment's default until a rate is saved, with the hint about future accruals", async () => {
    const { t, cookie } = await setup({ DEFAULT_REWARD_PERCENTAGE: "7.5" });
    const html = await (await t.request("/admin/settings", { cookie })).text();
    expect(html).toContain("Сейчас действует: 7,5\u00a0% (значение по умолчанию из настроек сервера)");
    expect(html).toMatch(/name="rate_percent" type="text" value="7,5"/);
    expect(html).toContain("изменение коснётся только будущих начислений");
  });

  it("stores the rate in basis points, audits before → after and shows it as current", async () => {
    const { t, admin, cookie } = await setup();
    const res = await t.request("/admin/settings/commission-rate", { cookie, form: { rate_percent: "12,5" } });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/admin/settings");
    expect(await getSetting(t.db, GLOBAL_REWARD_KEY)).toBe("1250");
    expect(await globalRateBp(t.db, 1_000)).toBe(1_250);
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.action, "commission.global_rate"));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: admin.id, entity: "settings" });
    expect(JSON.parse(audit[0]?.before ?? "null")).toEqual({ rateBp: 1_000, isDefault: true });
    expect(JSON.parse(audit[0]?.after ?? "null")).toEqual({ rateBp: 1_250 });
    const html = await (await t.request("/admin/settings", { cookie: `${cookie}; ${cookiesFrom(res)}` })).text();
    expect(html).toContain("Общая ставка вознаграждения: 12,5\u00a0%");
    expect(html).toContain("Сейчас действует: 12,5\u00a0%</p>");
    expect(html).toMatch(/name="rate_percent" type="text" value="12,5"/);
  });

  it("writes no audit entry when the same rate is saved again", async () => {
    const { t, cookie } = await setup();
    await t.request("/admin/settings/commission-rate", { cookie, form: { rate_percent: "8" } });
    await t.request("/admin/settings/commission-rate", { cookie, form: { rate_percent: "8,00" } });
    expect(await t.db.select().from(auditLog).where(eq(auditLog.action, "commission.global_rate"))).toHaveLength(1);
  });

  it.each([
    ["", "Заполните поле"],
    ["десять", "Укажите процент числом от 0 до 100"],
    ["7,125", "Не больше двух знаков после запятой"],
    ["101", "Не больше 100 %"],
  ])("refuses %j by the field, keeps the input and stores nothing", async (input, message) => {
    const { t, cookie } = await setup();
    const before = await snapshot(t.client);
    const res = await t.request("/admin/settings/commission-rate", { cookie, form: { rate_percent: input } });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain(message);
    expect(html).toContain(`name="rate_percent" type="text" value="${input}"`);
    expect(html).toContain('id="f-rate_percent-error"');
    expect(await snapshot(t.client)).toBe(before);
  });
});
