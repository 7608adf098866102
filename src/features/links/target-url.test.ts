/**
 * Issue 10, findings 2 and 3 through the real routes: internationalised targets are stored in ASCII
 * and redirect with a valid Location; private and local hosts are refused; the admin's allowlist of
 * target domains is enforced on save and re-checked on every redirect.
 */
import { eq } from "drizzle-orm";
import fc from "fast-check";
import { beforeEach, describe, expect, it } from "vitest";
import { links } from "../../db/schema.js";
import { t as ru } from "../../i18n/ru.js";
import { givenAdmin, givenPartner, snapshot } from "../../testing/fixtures.js";
import { targetUrlArbitrary } from "../../testing/target-urls.js";
import { cookiesFrom, createTestApp, type TestApp } from "../../testing/test-app.js";
import { createLink } from "./links.js";

/** Valid header content for the Location we send: visible ASCII only. */
const HEADER_SAFE = /^[\x21-\x7e]+$/;
const messages = Object.values(ru.links.urlErrors);
const noUtm = { utmSource: null, utmMedium: null, utmCampaign: null, utmContent: null, utmTerm: null };
const form = (target: string) => ({ title: "Сайт", link_type: "direct", target_url: target, utm_source: "partner", utm_term: "p1" });

let t: TestApp;
let partner: Awaited<ReturnType<typeof givenPartner>>;
let cookie: string;
beforeEach(async () => {
  t = await createTestApp();
  partner = await givenPartner(t.db);
  cookie = await t.cookieFor(partner);
});

async function linkTo(partnerId: number, targetUrl: string) {
  return createLink(t.db, partnerId, { title: "Ссылка", targetUrl, ...noUtm }, t.clock.now);
}

async function setAllowlist(text: string) {
  const admin = await givenAdmin(t.db);
  const res = await t.request("/admin/settings/target-domains", { cookie: await t.cookieFor(admin), form: { target_domains: text } });
  expect(res.status).toBe(303);
}

describe("internationalised targets (finding 2)", () => {
  it.each([
    [
      "https://пример.рф/каталог?раздел=обувь#верх",
      "https://xn--e1afmkfd.xn--p1ai/%D0%BA%D0%B0%D1%82%D0%B0%D0%BB%D0%BE%D0%B3?%D1%80%D0%B0%D0%B7%D0%B4%D0%B5%D0%BB=%D0%BE%D0%B1%D1%83%D0%B2%D1%8C#%D0%B2%D0%B5%D1%80%D1%85",
      "https://xn--e1afmkfd.xn--p1ai/%D0%BA%D0%B0%D1%82%D0%B0%D0%BB%D0%BE%D0%B3?%D1%80%D0%B0%D0%B7%D0%B4%D0%B5%D0%BB=%D0%BE%D0%B1%D1%83%D0%B2%D1%8C&utm_source=partner&utm_term=p1#%D0%B2%D0%B5%D1%80%D1%85",
    ],
    ["https://😀.example.ru/😀", "https://xn--e28h.example.ru/%F0%9F%98%80", "https://xn--e28h.example.ru/%F0%9F%98%80?utm_source=partner&utm_term=p1"],
    [
      "https://example.ru/cafe\u0301?utm_source=old&x=%zz",
      "https://example.ru/caf%C3%A9?utm_source=old&x=%zz",
      "https://example.ru/caf%C3%A9?x=%zz&utm_source=partner&utm_term=p1",
    ],
  ])("stores %s in ASCII and redirects with a valid Location", async (input, stored, location) => {
    const res = await t.request("/links", { cookie, form: form(input) });
    expect(res.status).toBe(303);
    const [link] = await t.db.select().from(links);
    expect(link?.targetUrl).toBe(stored);
    const redirect = await t.request(`/r/${link?.code}`);
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get("location")).toBe(location);
  });

  it("shows the target in Unicode in the cabinet, and the edit form saves it back unchanged", async () => {
    await t.request("/links", { cookie, form: form("https://пример.рф/каталог?q=обувь 42".replace(" ", "%20")) });
    const [link] = await t.db.select().from(links);
    const list = await (await t.request("/links", { cookie })).text();
    expect(list).toContain("https://пример.рф/каталог?q=обувь%2042");
    expect(list).not.toContain("xn--");
    const page = await (await t.request(`/links/${link?.id}`, { cookie })).text();
    expect(page).toContain("https://пример.рф/каталог?q=обувь%2042&amp;utm_source=partner&amp;utm_term=p1");
    const edit = await (await t.request(`/links/${link?.id}/edit`, { cookie })).text();
    const shown = edit.match(/name="target_url" type="url" inputmode="url" value="([^"]*)"/)?.[1] ?? "";
    expect(shown).toBe("https://пример.рф/каталог?q=обувь%2042");
    expect((await t.request(`/links/${link?.id}`, { cookie, form: form(shown) })).status).toBe(303);
    expect(
      (
        await t.db
          .select()
          .from(links)
          .where(eq(links.id, link?.id ?? 0))
          .get()
      )?.targetUrl,
    ).toBe(link?.targetUrl);
  });

  it.each([
    ["https://пример.рф/путь?q=значение", 302],
    ["https://example.ru/😀?x=ё", 302],
    ["https://ПРИМЕР.РФ/", 302],
    ["https://example.ru/\r\nSet-Cookie: a=b", 404],
    ["https://example.ru/\nx", 404],
    // The database keeps only what comes before a NUL, and a lone surrogate as U+FFFD: either way a valid answer.
    ["https://example.ru/\u0000", "any"],
    ["https://example.ru/a b", 302],
    ["https://exa mple.ru/", 404],
    ["https://example.ru/\ud800", "any"],
    ["https://example.ru/\u202e", 404],
    ["javascript:alert(1)", 404],
    ["https://user:pw@example.ru/", 404],
    ["https://localhost/admin", 404],
    ["http://127.0.0.1:8080/", 404],
    ["not a url", 404],
    ["", 404],
  ])("a row written around the validation (%j) never answers 500 nor sends an invalid header", async (raw, status) => {
    const link = await linkTo(partner.id, raw);
    const res = await t.request(`/r/${link.code}`);
    expect(status === "any" ? [302, 404] : [status]).toContain(res.status);
    if (res.status === 302) {
      const location = res.headers.get("location") ?? "";
      expect(location).toMatch(HEADER_SAFE);
      expect(new URL(location).host).toBe(new URL(raw.replace(/\p{Cs}/gu, "\ufffd").normalize("NFC")).host);
    } else {
      expect(res.headers.get("location")).toBeNull();
      expect(await res.text()).toContain(ru.publicForm.dead.title);
    }
  });

  it("a 10 000-character row written around the validation is a 404, not a huge header", async () => {
    const link = await linkTo(partner.id, `https://example.ru/${"я".repeat(10_000)}`);
    expect((await t.request(`/r/${link.code}`)).status).toBe(404);
  });

  it("property: a generated target is refused with a Russian message and nothing stored, or redirects with a valid header to its host", async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(targetUrlArbitrary, async (input) => {
        const count = await t.db.$count(links);
        const res = await t.request("/links", { cookie, form: form(input) });
        if (res.status === 400) {
          // NUL or what a browser sends for a lone surrogate: the form layer refuses the whole body (SECURITY.md B2).
          expect(await res.text()).toContain(ru.errors.badRequestTitle);
          expect(await t.db.$count(links)).toBe(count);
          return;
        }
        if (res.status === 422) {
          const html = await res.text();
          expect(html).toContain('id="f-target_url-error"');
          expect(messages.some((m) => html.includes(m))).toBe(true);
          expect(await t.db.$count(links)).toBe(count);
          return;
        }
        expect(res.status).toBe(303);
        accepted++;
        const id = Number(res.headers.get("location")?.split("/").pop());
        const link = await t.db.select().from(links).where(eq(links.id, id)).get();
        const redirect = await t.request(`/r/${link?.code}`);
        expect(redirect.status).toBe(302);
        const location = redirect.headers.get("location") ?? "";
        expect(location).toMatch(HEADER_SAFE);
        // URLSearchParams sends a lone surrogate as U+FFFD, exactly as a browser would.
        const typed = input
          .trim()
          .replace(/\p{Cs}/gu, "\ufffd")
          .normalize("NFC");
        expect(new URL(location).host).toBe(new URL(typed).host);
      }),
      { numRuns: 250 },
    );
    expect(accepted).toBeGreaterThan(20);
  });
});

describe("private and local target hosts (finding 3)", () => {
  it.each([
    "http://localhost/",
    "http://shop.localhost/",
    "http://127.0.0.1/",
    "http://127.1/",
    "http://0x7f000001/",
    "http://2130706433/",
    "http://0177.0.0.1/",
    "http://0.0.0.0/",
    "http://[::1]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[fe80::1]/",
    "http://[fc00::1]/",
    "http://10.0.0.5/",
    "http://172.16.0.1/",
    "http://172.31.255.254/",
    "http://192.168.1.1/",
    "http://169.254.169.254/",
    "http://100.64.0.1/",
    "http://100.127.0.1/",
    "http://224.0.0.1/",
  ])("refuses %s by the field and stores nothing", async (target) => {
    const before = await snapshot(t.client);
    const res = await t.request("/links", { cookie, form: form(target) });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain(ru.links.urlErrors.private);
    expect(html).toContain('id="f-target_url-error"');
    expect(await snapshot(t.client)).toBe(before);
  });

  it.each(["http://router/", "https://intranet-portal/"])("refuses the single-label host %s", async (target) => {
    const before = await snapshot(t.client);
    const res = await t.request("/links", { cookie, form: form(target) });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain(ru.links.urlErrors.invalid);
    expect(await snapshot(t.client)).toBe(before);
  });

  it("refuses a private host on edit and keeps the old target", async () => {
    const link = await linkTo(partner.id, "https://example.ru/");
    const before = await snapshot(t.client);
    const res = await t.request(`/links/${link.id}`, { cookie, form: form("http://192.168.0.1/") });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain(ru.links.urlErrors.private);
    expect(await snapshot(t.client)).toBe(before);
  });

  it("refuses a private host in the admin's default links", async () => {
    const adminCookie = await t.cookieFor(await givenAdmin(t.db));
    const before = await snapshot(t.client);
    const res = await t.request("/admin/settings/default-links", { cookie: adminCookie, form: { title: "x", target_url: "http://10.0.0.1/" } });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain(ru.links.urlErrors.private);
    expect(await snapshot(t.client)).toBe(before);
  });

  it("a stored row pointing at a private host is the 404 page, not a redirect", async () => {
    const link = await linkTo(partner.id, "http://169.254.169.254/latest/meta-data");
    const res = await t.request(`/r/${link.code}`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain(ru.publicForm.dead.title);
  });
});

describe("the allowlist of target domains (finding 3)", () => {
  it("is enforced on create and edit, subdomains and IDN included, for every partner", async () => {
    await setAllowlist("example.ru\nПример.РФ");
    const other = await givenPartner(t.db);
    const otherCookie = await t.cookieFor(other);
    for (const [who, target] of [
      [cookie, "https://example.ru/"],
      [cookie, "https://shop.example.ru/catalog"],
      [otherCookie, "https://магазин.пример.рф/"],
    ] as const)
      expect((await t.request("/links", { cookie: who, form: form(target) })).status).toBe(303);
    const before = await snapshot(t.client);
    for (const [who, target] of [
      [cookie, "https://evilexample.ru/"],
      [otherCookie, "https://example.ru.evil.com/"],
      [otherCookie, "https://example.com/"],
    ] as const) {
      const res = await t.request("/links", { cookie: who, form: form(target) });
      expect(res.status).toBe(422);
      expect(await res.text()).toContain(ru.links.urlErrors.not_allowed);
    }
    const [own] = await t.db.select().from(links).where(eq(links.partnerId, partner.id));
    const edit = await t.request(`/links/${own?.id}`, { cookie, form: form("https://elsewhere.ru/") });
    expect(edit.status).toBe(422);
    expect(await edit.text()).toContain(ru.links.urlErrors.not_allowed);
    expect(await snapshot(t.client)).toBe(before);
  });

  it("is re-checked on redirect: tightening it stops other partners' links at once, loosening it restores them", async () => {
    const other = await givenPartner(t.db);
    const allowed = await linkTo(partner.id, "https://shop.example.ru/");
    const elsewhere = await linkTo(other.id, "https://elsewhere.ru/page");
    // Both cached as working redirects.
    expect((await t.request(`/r/${allowed.code}`)).status).toBe(302);
    expect((await t.request(`/r/${elsewhere.code}`)).status).toBe(302);

    await setAllowlist("example.ru");
    expect((await t.request(`/r/${allowed.code}`)).headers.get("location")).toBe("https://shop.example.ru/");
    const stopped = await t.request(`/r/${elsewhere.code}`);
    expect(stopped.status).toBe(404);
    expect(stopped.headers.get("location")).toBeNull();
    expect(await stopped.text()).toContain(ru.publicForm.dead.title);
    await t.clicks.flush();
    // The partner's link page says why.
    const page = await (await t.request(`/links/${elsewhere.id}`, { cookie: await t.cookieFor(other) })).text();
    expect(page).toContain(ru.links.targetUnavailable);

    await setAllowlist("");
    expect((await t.request(`/r/${elsewhere.code}`)).status).toBe(302);
  });

  it("the cached verdict costs no DB read on a hit", async () => {
    await setAllowlist("example.ru");
    const ok = await linkTo(partner.id, "https://example.ru/");
    const refused = await linkTo(partner.id, "https://elsewhere.ru/");
    expect((await t.request(`/r/${ok.code}`)).status).toBe(302);
    expect((await t.request(`/r/${refused.code}`)).status).toBe(404);
    t.close();
    expect((await t.request(`/r/${ok.code}`)).status).toBe(302);
  });

  it("shows the stored list in Unicode on /admin/settings", async () => {
    const admin = await givenAdmin(t.db);
    const adminCookie = await t.cookieFor(admin);
    const res = await t.request("/admin/settings/target-domains", { cookie: adminCookie, form: { target_domains: "Пример.РФ\n\nexample.ru\nexample.ru" } });
    const html = await (await t.request("/admin/settings", { cookie: cookiesFrom(res, adminCookie) })).text();
    expect(html).toContain(ru.settings.targetDomains.saved);
    expect(html).toMatch(/<textarea id="f-target_domains"[^>]*>пример\.рф\nexample\.ru<\/textarea>/);
  });
});
