/** The brand on /admin/settings (form, logo upload and removal) and the public /brand.css and /brand/logo. */
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { desc } from "drizzle-orm";
import sharp from "sharp";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { auditLog } from "../../db/schema.js";
import { t as ru } from "../../i18n/ru.js";
import { contrastRatio } from "../../lib/color.js";
import { givenAdmin, givenPartner, snapshot } from "../../testing/fixtures.js";
import { cookiesFrom, createTestApp, TEST_ORIGIN, type TestApp } from "../../testing/test-app.js";
import { getBrand } from "./brand.js";
import { brandDir } from "./brand-logo.js";

const uploads = mkdtempSync(join(tmpdir(), "brand-routes-"));
afterAll(() => rmSync(uploads, { recursive: true, force: true }));

let t: TestApp;
let cookie: string;
beforeEach(async () => {
  rmSync(brandDir(uploads), { recursive: true, force: true });
  t = await createTestApp({ UPLOAD_DIR: uploads });
  cookie = await t.cookieFor(await givenAdmin(t.db));
});

const valid = { company_name: "ООО «Ромашка»", colour: "#FFD000", support_contact: "+7 999 123-45-67", privacy_policy_url: "https://пример.рф/политика" };
const saveBrand = (form: Record<string, string>, as = cookie) => t.request("/admin/settings/brand", { cookie: as, form });
const env = { incoming: { socket: { remoteAddress: "203.0.113.1" } } };
const png = (width = 40, height = 20, background = "#ffd000") =>
  sharp({ create: { width, height, channels: 3, background } })
    .png()
    .toBuffer()
    .then((b) => new Uint8Array(b));
function uploadLogo(bytes: Uint8Array<ArrayBuffer> | string, name = "logo.png", type = "image/png", as = cookie) {
  const body = new FormData();
  body.append("logo", new File([bytes], name, { type }));
  return t.app.request(`${TEST_ORIGIN}/admin/settings/brand/logo`, { method: "POST", body, headers: { cookie: as, origin: TEST_ORIGIN } }, env);
}
const filesOnDisk = () => (existsSync(brandDir(uploads)) ? readdirSync(brandDir(uploads)) : []);
const page = async () => (await t.request("/admin/settings", { cookie })).text();

describe("POST /admin/settings/brand", () => {
  it("stores the fields, shows them back (the policy host in Unicode) and audits before → after", async () => {
    const clear = vi.spyOn(t.publicPages, "clear");
    const res = await saveBrand(valid);
    expect(res.status).toBe(303);
    expect(clear).toHaveBeenCalledOnce();
    expect(await getBrand(t.db)).toMatchObject({
      companyName: "ООО «Ромашка»",
      colour: "#ffd000",
      supportContact: "+7 999 123-45-67",
      privacyPolicyUrl: "https://xn--e1afmkfd.xn--p1ai/%D0%BF%D0%BE%D0%BB%D0%B8%D1%82%D0%B8%D0%BA%D0%B0",
    });
    const html = await (await t.request("/admin/settings", { cookie: cookiesFrom(res, cookie) })).text();
    expect(html).toContain(ru.brand.saved);
    expect(html).toContain('value="https://пример.рф/политика"');
    const [row] = await t.db.select().from(auditLog).orderBy(desc(auditLog.id)).limit(1);
    expect(row).toMatchObject({ action: "settings.brand", entity: "settings" });
    expect(JSON.parse(row?.after ?? "{}")).toMatchObject({ companyName: "ООО «Ромашка»", colour: "#ffd000" });
  });

  it("saving the same again changes nothing and writes no audit row", async () => {
    await saveBrand(valid);
    const before = await snapshot(t.client);
    const clear = vi.spyOn(t.publicPages, "clear");
    const res = await saveBrand({ ...valid, colour_was: "#ffd000", privacy_policy_url: "https://пример.рф/политика" });
    expect(res.status).toBe(303);
    expect(await snapshot(t.client)).toBe(before);
    expect(clear).not.toHaveBeenCalled();
  });

  it("empty fields go back to the defaults", async () => {
    await saveBrand(valid);
    await saveBrand({ company_name: "", colour: "", colour_was: "#ffd000", support_contact: "", privacy_policy_url: "" });
    expect(await getBrand(t.db)).toMatchObject({ companyName: null, colour: null, supportContact: null, privacyPolicyUrl: null });
    expect(await page()).not.toContain("/brand.css");
  });

  it.each([
    ["a colour that is not hex", { colour: "red" }, "colour", ru.brand.colour.invalid],
    ["a name over 120 characters", { company_name: "Я".repeat(121) }, "company_name", ru.validation.tooLong(120)],
    ["a contact over 200 characters", { support_contact: "1".repeat(201) }, "support_contact", ru.validation.tooLong(200)],
    ["a policy URL without a scheme", { privacy_policy_url: "example.ru/privacy" }, "privacy_policy_url", ru.brand.privacyPolicy.errors.scheme],
    ["a javascript: policy URL", { privacy_policy_url: "javascript:alert(1)" }, "privacy_policy_url", ru.brand.privacyPolicy.errors.scheme],
    ["a policy URL with a password", { privacy_policy_url: "https://user:pw@example.ru/" }, "privacy_policy_url", ru.brand.privacyPolicy.errors.credentials],
    [
      "a policy URL over 2048 characters",
      { privacy_policy_url: `https://example.ru/${"a".repeat(2048)}` },
      "privacy_policy_url",
      ru.brand.privacyPolicy.errors.too_long,
    ],
  ])("refuses %s with a Russian message beside the field, keeping what was typed", async (_label, bad, field, message) => {
    const before = await snapshot(t.client);
    const form = { ...valid, ...bad };
    const res = await saveBrand(form);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain(`<p class="error" id="f-${field}-error">${message}</p>`);
    // What was typed is kept, the bad value too.
    expect(html).toContain(`value="${form.company_name}"`);
    expect(html).toContain(`value="${form.support_contact}"`);
    expect(await snapshot(t.client)).toBe(before);
  });

  it("shows every field's error at once", async () => {
    const html = await (await saveBrand({ company_name: "Я".repeat(121), colour: "#12", privacy_policy_url: "ftp://x" })).text();
    for (const field of ["company_name", "colour", "privacy_policy_url"]) expect(html).toContain(`id="f-${field}-error"`);
  });

  it("takes the picker's colour when only the picker moved (no JavaScript), and the text when it was typed", async () => {
    await saveBrand({ colour: "", colour_picker: "#1f5fbf", colour_was: "" });
    expect((await getBrand(t.db)).colour).toBeNull();
    await saveBrand({ colour: "", colour_picker: "#22aa44", colour_was: "" });
    expect((await getBrand(t.db)).colour).toBe("#22aa44");
    await saveBrand({ colour: "#a0b", colour_picker: "#22aa44", colour_was: "#22aa44" });
    expect((await getBrand(t.db)).colour).toBe("#aa00bb");
  });

  it("is 404 for a partner and stores nothing", async () => {
    const partner = await t.cookieFor(await givenPartner(t.db));
    const before = await snapshot(t.client);
    expect((await saveBrand(valid, partner)).status).toBe(404);
    expect((await uploadLogo(await png(), "logo.png", "image/png", partner)).status).toBe(404);
    expect((await t.request("/admin/settings/brand/logo/deletion", { cookie: partner, form: { confirmed: "1" } })).status).toBe(404);
    expect(await snapshot(t.client)).toBe(before);
    expect(filesOnDisk()).toEqual([]);
  });
});

describe("GET /brand.css", () => {
  const css = async (query = "") => {
    const res = await t.request(`/brand.css${query}`);
    return { res, text: await res.text() };
  };
  const property = (text: string, name: string) => new RegExp(`${name}: (#[0-9a-f]{6})`).exec(text)?.[1] ?? "";

  it("derives every accent property from the colour, readable text on the fill and as links", async () => {
    await saveBrand({ colour: "#ffd000" });
    const { res, text } = await css("?v=ffd000");
    expect(res.headers.get("content-type")).toBe("text/css; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(property(text, "--accent")).toBe("#ffd000");
    expect(contrastRatio(property(text, "--on-accent"), "#ffd000")).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio(property(text, "--on-accent"), property(text, "--accent-hover"))).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio(property(text, "--accent-text"), "#ffffff")).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio(property(text, "--accent-text"), property(text, "--accent-soft"))).toBeGreaterThanOrEqual(4.5);
    expect(text).toMatch(
      /^:root \{ --accent: #ffd000; --accent-hover: #[0-9a-f]{6}; --on-accent: #[0-9a-f]{6}; --accent-soft: #[0-9a-f]{6}; --accent-text: #[0-9a-f]{6}; \}\n$/,
    );
  });

  it("white text on a dark colour", async () => {
    await saveBrand({ colour: "#0b3d2e" });
    expect(property((await css("?v=0b3d2e")).text, "--on-accent")).toBe("#ffffff");
  });

  it("caches briefly for a stale or missing version, and gives the default palette with no colour", async () => {
    const none = await css("?v=ffd000");
    expect(none.res.headers.get("cache-control")).toBe("public, max-age=60");
    expect(property(none.text, "--accent")).toBe("#1f5fbf");
    await saveBrand({ colour: "#ffd000" });
    expect((await css("?v=123456")).res.headers.get("cache-control")).toBe("public, max-age=60");
    expect((await css()).res.headers.get("cache-control")).toBe("public, max-age=60");
  });
});

describe("the logo", () => {
  it("is re-encoded to PNG, served with nosniff and a long cache for its version, and shown in the header", async () => {
    const clear = vi.spyOn(t.publicPages, "clear");
    const res = await uploadLogo(await png(2048, 512), "logo.webp", "image/webp");
    expect(res.status).toBe(303);
    expect(clear).toHaveBeenCalledOnce();
    const { logo } = await getBrand(t.db);
    expect(logo).toMatchObject({ width: 1024, height: 256 });
    expect(filesOnDisk()).toEqual([logo?.file]);

    const served = await t.request(`/brand/logo?v=${logo?.version}`);
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("image/png");
    expect(served.headers.get("x-content-type-options")).toBe("nosniff");
    expect(served.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect((await sharp(Buffer.from(await served.arrayBuffer())).metadata()).format).toBe("png");
    expect((await t.request("/brand/logo?v=old")).headers.get("cache-control")).toBe("public, max-age=60");
    expect(await page()).toContain(`/brand/logo?v=${logo?.version}`);
  });

  it("replacing it removes the old file and changes the version", async () => {
    await uploadLogo(await png());
    const first = (await getBrand(t.db)).logo;
    await uploadLogo(await png(30, 30, "#000000"));
    const second = (await getBrand(t.db)).logo;
    expect(second?.version).not.toBe(first?.version);
    expect(filesOnDisk()).toEqual([second?.file]);
  });

  it("takes an SVG and stores plain pixels", async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><script>alert(1)</script><rect width="120" height="40" fill="#0b3d2e"/></svg>';
    expect((await uploadLogo(svg, "logo.svg", "image/svg+xml")).status).toBe(303);
    const served = Buffer.from(await (await t.request("/brand/logo")).arrayBuffer());
    expect(served.subarray(0, 8).toString("latin1")).toBe("\x89PNG\r\n\x1a\n");
    expect(served.toString("latin1")).not.toContain("script");
  });

  it.each([
    [
      "a GIF named .png",
      async () =>
        new Uint8Array(
          await sharp({ create: { width: 4, height: 4, channels: 3, background: "#000" } })
            .gif()
            .toBuffer(),
        ),
      422,
      ru.brand.logo.errors.unsupported,
    ],
    ["HTML named .png", async () => "<html><script>alert(1)</script></html>", 422, ru.brand.logo.errors.unsupported],
    [
      "an SVG with an XXE entity",
      async () => '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>',
      422,
      ru.brand.logo.errors.unsupported,
    ],
    ["a PNG cut short", async () => (await png()).subarray(0, 60), 422, ru.brand.logo.errors.broken],
    ["a file over 2 MB", async () => new Uint8Array(2 * 1024 * 1024 + 1), 413, ru.brand.logo.errors.too_large],
    ["a file over 5 MB", async () => new Uint8Array(6 * 1024 * 1024), 413, ru.brand.logo.errors.too_large],
    ["an empty file", async () => new Uint8Array(), 422, ru.brand.logo.errors.none],
  ])("refuses %s with a message beside the file field, storing nothing", async (_label, make, status, message) => {
    await uploadLogo(await png());
    const before = await snapshot(t.client);
    const files = filesOnDisk();
    const res = await uploadLogo(await make());
    expect(res.status).toBe(status);
    expect(await res.text()).toContain(`<p class="error" id="f-logo-error">${message}</p>`);
    expect(await snapshot(t.client)).toBe(before);
    expect(filesOnDisk()).toEqual(files);
  });

  it("refuses two files at once", async () => {
    const body = new FormData();
    body.append("logo", new File([await png()], "a.png"));
    body.append("logo", new File([await png()], "b.png"));
    const res = await t.app.request(`${TEST_ORIGIN}/admin/settings/brand/logo`, { method: "POST", body, headers: { cookie, origin: TEST_ORIGIN } }, env);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain(ru.brand.logo.errors.tooMany);
    expect(filesOnDisk()).toEqual([]);
  });

  it("is 404 while none is set", async () => {
    expect((await t.request("/brand/logo")).status).toBe(404);
  });

  it("removal asks first without JavaScript, then deletes the row and the file", async () => {
    await uploadLogo(await png());
    const asked = await t.request("/admin/settings/brand/logo/deletion", { cookie, form: {} });
    expect(asked.status).toBe(200);
    expect(await asked.text()).toContain(ru.brand.logo.removeQuestion);
    expect((await getBrand(t.db)).logo).not.toBeNull();

    const clear = vi.spyOn(t.publicPages, "clear");
    expect((await t.request("/admin/settings/brand/logo/deletion", { cookie, form: { confirmed: "1" } })).status).toBe(303);
    expect((await getBrand(t.db)).logo).toBeNull();
    expect(filesOnDisk()).toEqual([]);
    expect(clear).toHaveBeenCalledOnce();
    expect((await t.request("/brand/logo")).status).toBe(404);
  });
});
