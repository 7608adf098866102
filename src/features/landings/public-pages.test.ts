/**
 * What a visitor's pages carry besides the form: the company's brand (logo, name, footer, the
 * consent line's policy link), the messenger preview card, no private title anywhere, the dead-link
 * page for every kind of code, the two shapes of the embedded form and its resize scripts.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { embedSnippet } from "../../../views/public/embed-snippet.js";
import { t as text } from "../../i18n/ru.js";
import { givenPartner } from "../../testing/fixtures.js";
import { createTestApp, TEST_ORIGIN, type TestApp } from "../../testing/test-app.js";
import { createLink, setLinkActive } from "../links/links.js";
import { BRAND_KEYS } from "../settings/brand.js";
import { setSetting } from "../settings/settings.js";
import { addImages, createLanding, setLandingActive } from "./landings.js";

let t: TestApp;
let partner: Awaited<ReturnType<typeof givenPartner>>;
let landing: Awaited<ReturnType<typeof createLanding>>;
let landingLink: Awaited<ReturnType<typeof createLink>>;
let iframeLink: Awaited<ReturnType<typeof createLink>>;
const PRIVATE_TITLE = "Секретная кампания Осень-7";
const noUtm = { utmSource: null, utmMedium: null, utmCampaign: null, utmContent: null, utmTerm: null };

beforeEach(async () => {
  t = await createTestApp();
  partner = await givenPartner(t.db);
  landing = await createLanding(
    t.db,
    partner.id,
    {
      title: PRIVATE_TITLE,
      headerText: "Ремонт под ключ",
      description: "Гарантия 3 года.\nВыезд бесплатно.",
      buttonText: "Хочу скидку",
      themeColor: "#1a73e8",
    },
    t.clock.now,
  );
  landingLink = await createLink(t.db, partner.id, { title: "L", linkType: "landing", targetUrl: null, landingId: landing.id, ...noUtm }, t.clock.now);
  iframeLink = await createLink(t.db, partner.id, { title: "I", linkType: "iframe", targetUrl: null, ...noUtm }, t.clock.now);
});

async function givenBrand(brand: { name?: string; contact?: string; policy?: string; logo?: boolean }) {
  if (brand.name) await setSetting(t.db, BRAND_KEYS.companyName, brand.name, t.clock.now);
  if (brand.contact) await setSetting(t.db, BRAND_KEYS.supportContact, brand.contact, t.clock.now);
  if (brand.policy) await setSetting(t.db, BRAND_KEYS.privacyPolicyUrl, brand.policy, t.clock.now);
  if (brand.logo) await setSetting(t.db, BRAND_KEYS.logo, JSON.stringify({ file: "logo.png", width: 240, height: 60, version: "v7" }), t.clock.now);
  // As the settings routes do on every brand change.
  t.publicPages.clear();
}

const image = (n: number) => ({ fileName: `${String(n).repeat(32)}.png`, mime: "image/png", width: 1200, height: 630, bytes: 1 });
const meta = (html: string, key: string) => html.match(new RegExp(`<meta (?:property|name)="${key}" content="([^"]*)"`))?.[1];

describe("the landing's brand and preview card", () => {
  it("shows the company's logo and name on top and a footer with contact and policy; the consent line links the policy", async () => {
    await givenBrand({ name: "ООО «Ромашка»", contact: "help@romashka.ru", policy: "https://romashka.ru/privacy", logo: true });
    const html = await (await t.request(`/l/${landingLink.code}`)).text();
    expect(html).toMatch(/<header class="lp-topbar">.*<img class="lp-logo" src="\/brand\/logo\?v=v7" width="240" height="60" alt=""\/>.*ООО «Ромашка»/s);
    const footer = html.slice(html.indexOf('<footer class="lp-footer">'));
    expect(footer).toContain("ООО «Ромашка»");
    expect(footer).toContain('<a href="mailto:help@romashka.ru">help@romashka.ru</a>');
    expect(footer).toContain('href="https://romashka.ru/privacy"');
    expect(html).toMatch(
      /class="hint lp-consent">[^<]*<a href="https:\/\/romashka.ru\/privacy" target="_blank" rel="noopener noreferrer">политикой конфиденциальности/,
    );
  });

  it("says the consent without a link, and shows no bar or footer, when nothing of the brand is set", async () => {
    const html = await (await t.request(`/l/${landingLink.code}`)).text();
    expect(html).toContain(`<p class="hint lp-consent">${text.publicForm.consent}</p>`);
    expect(html).not.toContain("lp-topbar");
    expect(html).not.toContain("lp-footer");
  });

  it("never turns a policy address that is not http(s) into a link", async () => {
    await givenBrand({ policy: "javascript:alert(1)" });
    const html = await (await t.request(`/l/${landingLink.code}`)).text();
    expect(html).not.toContain("javascript:");
    expect(html).toContain(text.publicForm.consent);
  });

  it("carries Open Graph and Twitter tags with absolute URLs: the first image makes a large card", async () => {
    await addImages(t.db, landing.id, [image(1), image(2)], t.clock.now);
    await givenBrand({ name: "Ромашка", logo: true });
    const html = await (await t.request(`/l/${landingLink.code}`)).text();
    expect(meta(html, "og:title")).toBe("Ремонт под ключ");
    expect(meta(html, "og:description")).toBe("Гарантия 3 года. Выезд бесплатно.");
    expect(meta(html, "description")).toBe("Гарантия 3 года. Выезд бесплатно.");
    expect(meta(html, "og:url")).toBe(`${TEST_ORIGIN}/l/${landingLink.code}`);
    expect(meta(html, "og:site_name")).toBe("Ромашка");
    expect(meta(html, "og:image")).toBe(`${TEST_ORIGIN}/media/landings/${"1".repeat(32)}.png`);
    expect(meta(html, "og:image:width")).toBe("1200");
    expect(meta(html, "twitter:card")).toBe("summary_large_image");
  });

  it("falls back to the logo for the card image, and to a small card without any image", async () => {
    const plain = await (await t.request(`/l/${landingLink.code}`)).text();
    expect(meta(plain, "og:image")).toBeUndefined();
    expect(meta(plain, "twitter:card")).toBe("summary");
    await givenBrand({ logo: true });
    const withLogo = await (await t.request(`/l/${landingLink.code}`)).text();
    expect(meta(withLogo, "og:image")).toBe(`${TEST_ORIGIN}/brand/logo?v=v7`);
    expect(meta(withLogo, "twitter:card")).toBe("summary_large_image");
  });

  it("cuts a long description for the card at a word", async () => {
    const long = await createLanding(
      t.db,
      partner.id,
      { title: "x", headerText: "H", description: "слово ".repeat(100), buttonText: "B", themeColor: "#1a73e8" },
      t.clock.now,
    );
    const link = await createLink(t.db, partner.id, { title: "L2", linkType: "landing", targetUrl: null, landingId: long.id, ...noUtm }, t.clock.now);
    const description = meta(await (await t.request(`/l/${link.code}`)).text(), "og:description") ?? "";
    expect(description.length).toBeLessThanOrEqual(200);
    expect(description).toMatch(/слово…$/);
  });

  it("never puts the partner's private landing title into public HTML: alt texts, labels, title", async () => {
    await addImages(t.db, landing.id, [image(1), image(2)], t.clock.now);
    const page = await (await t.request(`/l/${landingLink.code}`)).text();
    expect(page).toContain('alt="Ремонт под ключ — фото 1"');
    expect(page).toContain("<title>Ремонт под ключ</title>");
    expect(page).not.toContain(PRIVATE_TITLE);
    const token = page.match(/name="form_token" value="([^"]+)"/)?.[1] ?? "";
    const errors = await (await t.request(`/l/${landingLink.code}`, { form: { name: "", form_token: token } })).text();
    expect(errors).toContain(text.validation.formErrors);
    expect(errors).not.toContain(PRIVATE_TITLE);
    expect(await (await t.request(`/l/${landingLink.code}?sent=1`)).text()).not.toContain(PRIVATE_TITLE);
  });

  it("shows a brand change at once: the page cache holds the brand and is cleared with it", async () => {
    await givenBrand({ name: "Старое имя" });
    expect(await (await t.request(`/l/${landingLink.code}`)).text()).toContain("Старое имя");
    await givenBrand({ name: "Новое имя" });
    const html = await (await t.request(`/l/${landingLink.code}`)).text();
    expect(html).toContain("Новое имя");
    expect(html).not.toContain("Старое имя");
  });
});

describe("a dead link", () => {
  const dead = async (path: string, headers: Record<string, string> = {}) => {
    const res = await t.request(path, { headers });
    expect(res.status, path).toBe(404);
    const html = await res.text();
    expect(html, path).toContain(text.publicForm.dead.title);
    expect(html, path).not.toContain("/login");
    expect(html, path).not.toContain(text.appName);
    expect(res.headers.get("content-security-policy"), path).toMatch(/^default-src 'none'; script-src 'self'; style-src 'self';/);
    return { res, html };
  };

  it("answers every unknown code on /r, /l and /embed with the visitor's page, the brand and the support contact", async () => {
    await givenBrand({ name: "Ромашка", contact: "+7 800 555-35-35" });
    for (const path of ["/r/AAAAAAAAAA", "/api/public/r/AAAAAAAAAA", "/l/AAAAAAAAAA", "/api/public/landing/AAAAAAAAAA", "/r/bad code", "/l/x"]) {
      const { res, html } = await dead(path);
      expect(res.headers.get("x-frame-options"), path).toBe("DENY");
      expect(html, path).toContain("Ромашка");
      expect(html, path).toContain('<a href="tel:+78005553535">+7 800 555-35-35</a>');
      expect(html, path).toContain('<meta name="robots" content="noindex"/>');
    }
  });

  it("answers a switched-off landing, link or iframe link the same way, on /r too", async () => {
    await setLandingActive(t.db, partner.id, landing.id, false, t.clock.now);
    await dead(`/l/${landingLink.code}`);
    await setLinkActive(t.db, partner.id, iframeLink.id, false, t.clock.now);
    await dead(`/r/${iframeLink.code}`);
    const framed = await dead(`/embed/${iframeLink.code}`, { "sec-fetch-dest": "iframe" });
    // Inside a partner's site: framable, no page chrome, and it still reports its height.
    expect(framed.res.headers.get("content-security-policy")).toContain("frame-ancestors *");
    expect(framed.html).toContain('<script src="/static/embed-frame.js" defer=""></script>');
    expect(framed.html).not.toContain("lp-topbar");
  });

  it("answers a post to a dead code with the same page, storing nothing", async () => {
    const res = await t.request("/l/AAAAAAAAAA", { form: { name: "Мария", phone: "+79123456789" } });
    expect(res.status).toBe(404);
    expect(await res.text()).toContain(text.publicForm.dead.title);
  });
});

describe("the embedded form", () => {
  it("is the form alone inside a partner's site (and without Sec-Fetch-Dest), with the height script", async () => {
    for (const headers of [{ "sec-fetch-dest": "iframe" }, {}] as Record<string, string>[]) {
      const res = await t.request(`/embed/${iframeLink.code}`, { headers });
      expect(res.headers.get("content-security-policy")).toContain("frame-ancestors *");
      const html = await res.text();
      expect(html).toContain('<script src="/static/embed-frame.js" defer=""></script>');
      expect(html).toContain('<body class="lp lp-embed">');
      expect(html).not.toContain("lp-form-head");
    }
  });

  it("is a page of its own when opened directly (the short link tapped in a messenger)", async () => {
    await givenBrand({ name: "Ромашка", policy: "https://romashka.ru/privacy" });
    const redirect = await t.request(`/r/${iframeLink.code}`);
    expect(redirect.headers.get("location")).toBe(`/embed/${iframeLink.code}?view=page`);
    const res = await t.request(`/embed/${iframeLink.code}`, { headers: { "sec-fetch-dest": "document" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    const html = await res.text();
    expect(html).toContain('<body class="lp lp-page">');
    expect(html).toContain('<span class="lp-company">Ромашка</span>');
    expect(html).toContain(`<h1 id="lead-form-title">${text.publicForm.formHeading}</h1>`);
    expect(html).toContain('<footer class="lp-footer">');
    expect(html).not.toContain("embed-frame.js");
    // The cached page of one shape is never served for the other.
    expect(await (await t.request(`/embed/${iframeLink.code}`, { headers: { "sec-fetch-dest": "iframe" } })).text()).not.toContain("lp-topbar");
  });

  it("is a page on a plain-http installation too (no Sec-Fetch headers): the short link asks for it, and the form stays on it", async () => {
    await givenBrand({ name: "Ромашка", policy: "https://romashka.ru/privacy" });
    const location = (await t.request(`/r/${iframeLink.code}`)).headers.get("location") ?? "";
    const page = await t.request(location);
    expect(page.headers.get("x-frame-options")).toBe("DENY");
    const html = await page.text();
    expect(html).toContain('<body class="lp lp-page">');
    expect(html).toContain(`action="/embed/${iframeLink.code}?view=page"`);
    // The snippet's iframe (no query) is still the bare form.
    expect(await (await t.request(`/embed/${iframeLink.code}`)).text()).toContain('<body class="lp lp-embed">');
  });

  it("serves the host page's script to other origins, and the frame's script as any static file", async () => {
    const host = await t.request("/static/embed.js");
    expect(host.status).toBe(200);
    expect(host.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(host.headers.get("cross-origin-resource-policy")).toBe("cross-origin");
    expect(host.headers.get("cache-control")).toMatch(/^public, max-age=\d+/);
    const script = await host.text();
    expect(script).toContain("partner-form:height");
    expect(script).toContain("event.origin");
    expect(script).toContain("event.source");
    const frame = await t.request("/static/embed-frame.js");
    expect(frame.status).toBe(200);
    expect(frame.headers.get("cross-origin-resource-policy")).toBe("same-origin");
    expect(await frame.text()).toContain("ResizeObserver");
  });

  it("has a snippet with the iframe and the resize script, the one the link page gives to copy", async () => {
    const snippet = embedSnippet("https://partners.example.ru", "AbCdEfGhIj");
    expect(snippet).toContain('<iframe src="https://partners.example.ru/embed/AbCdEfGhIj" data-partner-form');
    expect(snippet).toContain('<script src="https://partners.example.ru/static/embed.js" async></script>');
    const linkPage = await (await t.request(`/links/${iframeLink.id}`, { cookie: await t.cookieFor(partner) })).text();
    expect(linkPage).toContain(`${TEST_ORIGIN}/embed/${iframeLink.code}&quot; data-partner-form`);
    expect(linkPage).toContain(`&lt;script src=&quot;${TEST_ORIGIN}/static/embed.js&quot; async&gt;&lt;/script&gt;`);
  });
});
