import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { auditLog } from "../../db/schema.js";
import { t as ru } from "../../i18n/ru.js";
import { givenAdmin, givenPartner, snapshot } from "../../testing/fixtures.js";
import { createTestApp, type TestApp } from "../../testing/test-app.js";
import { getSetting } from "./settings.js";
import { getTargetAllowlist, parseAllowlist, TARGET_ALLOWLIST_KEY } from "./target-allowlist.js";

let t: TestApp;
let admin: Awaited<ReturnType<typeof givenAdmin>>;
let cookie: string;
beforeEach(async () => {
  t = await createTestApp();
  admin = await givenAdmin(t.db);
  cookie = await t.cookieFor(admin);
});
const save = (text: string) => t.request("/admin/settings/target-domains", { cookie, form: { target_domains: text } });

describe("POST /admin/settings/target-domains", () => {
  it("stores IDN domains as punycode, one per line, and audits before → after once", async () => {
    const res = await save("Пример.РФ\r\n  *.example.ru \n\nhttps://shop.example.com/page\nexample.ru");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/admin/settings");
    expect(await getTargetAllowlist(t.db)).toEqual(["xn--e1afmkfd.xn--p1ai", "example.ru", "shop.example.com"]);
    expect(await getSetting(t.db, TARGET_ALLOWLIST_KEY)).toBe("xn--e1afmkfd.xn--p1ai\nexample.ru\nshop.example.com");
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.action, "settings.target_domains"));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: admin.id, entity: "settings", partnerId: null });
    expect(JSON.parse(audit[0]?.before ?? "null")).toEqual({ targetDomains: "" });
    expect(JSON.parse(audit[0]?.after ?? "null")).toEqual({ targetDomains: "xn--e1afmkfd.xn--p1ai, example.ru, shop.example.com" });
    // The same list again (in another spelling) changes nothing and writes no audit row.
    const before = await snapshot(t.client);
    expect((await save("пример.рф\nexample.ru\nshop.example.com")).status).toBe(303);
    expect(await snapshot(t.client)).toBe(before);
  });

  it("an empty list means any public host again", async () => {
    await save("example.ru");
    expect((await save("  \n")).status).toBe(303);
    expect(await getTargetAllowlist(t.db)).toEqual([]);
    expect(await t.db.$count(auditLog, eq(auditLog.action, "settings.target_domains"))).toBe(2);
  });

  it.each([
    ["example.ru\nlocalhost", ru.settings.targetDomains.errors.private(2, "localhost")],
    ["example.ru\n\n127.0.0.1", ru.settings.targetDomains.errors.invalid(3, "127.0.0.1")],
    ["nodot", ru.settings.targetDomains.errors.invalid(1, "nodot")],
    ["ex ample.ru", ru.settings.targetDomains.errors.invalid(1, "ex ample.ru")],
    ["example.ru/path", ru.settings.targetDomains.errors.invalid(1, "example.ru/path")],
    ["аpple.com", ru.settings.targetDomains.errors.lookalike(1, "аpple.com")],
    ["[::1]", ru.settings.targetDomains.errors.invalid(1, "[::1]")],
    [Array.from({ length: 201 }, (_, i) => `d${i}.example.ru`).join("\n"), ru.settings.targetDomains.tooMany(200)],
    ["a".repeat(10_001), ru.settings.targetDomains.tooLong],
  ])("refuses %j by the field, keeps the input and stores nothing", async (text, message) => {
    await save("example.ru");
    const before = await snapshot(t.client);
    const res = await save(text);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain(message.replace(/"/g, "&quot;"));
    expect(html).toContain('id="f-target_domains-error"');
    expect(await snapshot(t.client)).toBe(before);
  });

  it("is the admin's: a partner gets 404 and nothing is stored", async () => {
    const partner = await givenPartner(t.db);
    const partnerCookie = await t.cookieFor(partner);
    const before = await snapshot(t.client);
    const res = await t.request("/admin/settings/target-domains", { cookie: partnerCookie, form: { target_domains: "example.ru" } });
    expect(res.status).toBe(404);
    expect(await snapshot(t.client)).toBe(before);
  });
});

describe("parseAllowlist", () => {
  it("folds duplicates and blank lines", () => {
    expect(parseAllowlist("a.ru\n\nA.RU\n b.ru ")).toEqual({ ok: true, domains: ["a.ru", "b.ru"] });
    expect(parseAllowlist("")).toEqual({ ok: true, domains: [] });
  });
});
