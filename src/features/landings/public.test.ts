import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { clients, deliveryJobs, linkDailyStats } from "../../db/schema.js";
import { t as text } from "../../i18n/ru.js";
import { givenPartner, snapshot } from "../../testing/fixtures.js";
import { createTestApp, type TestApp } from "../../testing/test-app.js";
import { createLink, setLinkActive } from "../links/links.js";
import { MIN_FILL_MS } from "./form-token.js";
import { addImages, createLanding, setLandingActive } from "./landings.js";

let t: TestApp;
let partner: Awaited<ReturnType<typeof givenPartner>>;
let landing: Awaited<ReturnType<typeof createLanding>>;
let link: Awaited<ReturnType<typeof createLink>>;
const browser = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1";

beforeEach(async () => {
  t = await createTestApp();
  partner = await givenPartner(t.db);
  landing = await createLanding(
    t.db,
    partner.id,
    { title: "Осень", headerText: "Ремонт <под ключ>", description: "Строка 1\nСтрока 2", buttonText: "Хочу скидку", themeColor: "#1a73e8" },
    t.clock.now,
  );
  link = await createLink(
    t.db,
    partner.id,
    {
      title: "L",
      linkType: "landing",
      targetUrl: null,
      landingId: landing.id,
      utmSource: "partner",
      utmMedium: null,
      utmCampaign: "autumn",
      utmContent: null,
      utmTerm: null,
    },
    t.clock.now,
  );
});

/** Opens the page like a visitor and returns the form token, then lets the visitor "type" for 5 s. */
async function openForm(path = `/l/${link.code}`) {
  const html = await (await t.request(path, { headers: { "user-agent": browser } })).text();
  const token = html.match(/name="form_token" value="([^"]+)"/)?.[1] ?? "";
  t.clock.advance(5_000);
  return token;
}
const lead = { name: "Мария", phone: "8 (912) 345-67-89", email: "", company: "", comment: "" };

describe("GET /l/:code", () => {
  it("renders the landing with its strict CSP, escaped text, line breaks and the form, and counts one visit", async () => {
    const res = await t.request(`/l/${link.code}`, { headers: { "user-agent": browser } });
    expect(res.status).toBe(200);
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toMatch(/^default-src 'none'; script-src 'self'; style-src 'self' 'nonce-[A-Za-z0-9+/=]+';/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    const html = await res.text();
    expect(html).toContain("Ремонт &lt;под ключ&gt;");
    expect(html).toContain('fill="#1a73e8"');
    expect(html).toContain("Хочу скидку");
    expect(html).not.toContain("lp-arrow");
    await t.clicks.flush();
    expect((await t.db.select().from(linkDailyStats))[0]?.clicks).toBe(1);
  });

  it("shows slider arrows and dots only with more than one image", async () => {
    const image = (n: number) => ({ fileName: `${String(n).repeat(32)}.png`, mime: "image/png", width: 800, height: 600, bytes: 1 });
    await addImages(t.db, landing.id, [image(1)], t.clock.now);
    const one = await (await t.request(`/l/${link.code}`)).text();
    expect(one).toContain('width="800" height="600"');
    expect(one).not.toContain("lp-arrow");
    await addImages(t.db, landing.id, [image(2)], t.clock.now);
    t.publicPages.clear(); // changed behind the routes' back: the editor's routes clear it themselves
    const two = await (await t.request(`/l/${link.code}`)).text();
    expect(two.match(/class="lp-arrow lp-next"/g)).toHaveLength(2);
    expect(two.match(/<a href="#slide-\d">/g)).toHaveLength(2);
    expect(two).toContain('loading="lazy"');
  });

  it("counts a visit through /r/:code once, not twice", async () => {
    const redirect = await t.request(`/r/${link.code}`, { headers: { "user-agent": browser } });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get("location")).toBe(`/l/${link.code}`);
    await t.request(`/l/${link.code}`, { headers: { "user-agent": browser } });
    await t.clicks.flush();
    expect((await t.db.select().from(linkDailyStats))[0]?.clicks).toBe(1);
  });

  it("also answers on the reference system's URL", async () => {
    expect((await t.request(`/api/public/landing/${link.code}`)).status).toBe(200);
  });

  it.each([
    ["a deactivated landing", () => setLandingActive(t.db, partner.id, landing.id, false, t.clock.now)],
    ["a deactivated link", () => setLinkActive(t.db, partner.id, link.id, false, t.clock.now)],
  ])("answers the visitor's dead-link page (404) for %s", async (_label, switchOff) => {
    await switchOff();
    const res = await t.request(`/l/${link.code}`);
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain(text.publicForm.dead.title);
    expect(html).not.toContain("/login");
  });

  it("shows an edit made in the editor at once, despite the page cache", async () => {
    expect(await (await t.request(`/l/${link.code}`)).text()).toContain("Хочу скидку");
    const cookie = await t.cookieFor(partner);
    const form = { title: "Осень", header_text: "Новый заголовок", description: "D", button_text: "Позвоните мне", theme_color: "#1a73e8" };
    expect((await t.request(`/landings/${landing.id}`, { cookie, form })).status).toBe(303);
    expect(await (await t.request(`/l/${link.code}`)).text()).toContain("Позвоните мне");
    await t.request(`/landings/${landing.id}/deactivation`, { form: { confirmed: "1" }, cookie });
    expect((await t.request(`/l/${link.code}`)).status).toBe(404);
  });

  it("does not serve a direct link's code as a landing", async () => {
    const direct = await createLink(
      t.db,
      partner.id,
      { title: "D", targetUrl: "https://example.ru/", utmSource: null, utmMedium: null, utmCampaign: null, utmContent: null, utmTerm: null },
      t.clock.now,
    );
    expect((await t.request(`/l/${direct.code}`)).status).toBe(404);
  });
});

describe("POST /l/:code", () => {
  it("stores the client with the link's UTMs and a delivery job, then shows the thank-you state (no JS)", async () => {
    const token = await openForm();
    const res = await t.request(`/l/${link.code}`, { form: { ...lead, form_token: token, website: "" } });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/l/${link.code}?sent=1`);
    const [client] = await t.db.select().from(clients);
    expect(client).toMatchObject({
      partnerId: partner.id,
      source: "form",
      linkId: link.id,
      landingId: landing.id,
      name: "Мария",
      phone: "+79123456789",
      utmSource: "partner",
      utmCampaign: "autumn",
      deliveryState: "pending",
    });
    expect(
      await t.db
        .select()
        .from(deliveryJobs)
        .where(eq(deliveryJobs.clientId, client?.id ?? 0)),
    ).toHaveLength(1);
    const thanks = await (await t.request(`/l/${link.code}?sent=1`)).text();
    expect(thanks).toContain("Спасибо, заявка отправлена!");
    expect(thanks).not.toContain('name="form_token"');
  });

  it("answers htmx with the thank-you fragment in place of the form", async () => {
    const token = await openForm();
    const res = await t.request(`/l/${link.code}`, { form: { ...lead, form_token: token }, headers: { "hx-request": "true" } });
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/^<div class="lp-thanks" id="lead-form" role="status">/);
  });

  const bad: Array<[string, Record<string, string>, string]> = [
    ["an empty form", { name: "", phone: "", email: "" }, "Заполните поле"],
    ["only a name", { name: "Мария", phone: "", email: "" }, "Укажите телефон или email"],
    ["an invalid email", { name: "Мария", phone: "", email: "maria@" }, "Введите email в формате name@example.ru"],
    ["a phone of letters", { name: "Мария", phone: "позвоните", email: "" }, "Введите телефон, например +7 912 345-67-89"],
    ["a 2 001-character comment", { ...lead, comment: "к".repeat(2001) }, text.validation.tooLong(2000)],
  ];
  it.each(bad)("refuses %s by the field, keeps the values and stores nothing", async (_label, form, message) => {
    const token = await openForm();
    const before = await snapshot(t.client);
    const res = await t.request(`/l/${link.code}`, { form: { ...form, form_token: token } });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain(message);
    if (form.name) expect(html).toContain(`value="${form.name}"`);
    expect(await snapshot(t.client)).toBe(before);
  });

  it("refuses a 1 MB comment before reading it, and stores nothing", async () => {
    const token = await openForm();
    const before = await snapshot(t.client);
    const res = await t.request(`/l/${link.code}`, { form: { ...lead, comment: "x".repeat(1_000_000), form_token: token } });
    expect(res.status).toBe(413);
    expect(await res.text()).toContain("Слишком большой запрос");
    expect(await snapshot(t.client)).toBe(before);
  });

  it("stores script tags literally and never echoes them unescaped", async () => {
    const token = await openForm();
    const evil = "<script>alert(1)</script>";
    const res = await t.request(`/l/${link.code}`, { form: { name: evil, phone: "x", email: "", company: evil, comment: evil, form_token: token } });
    const html = await res.text();
    expect(html).not.toContain(evil);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    const ok = await t.request(`/l/${link.code}`, { form: { ...lead, name: evil, company: evil, comment: evil, form_token: token } });
    expect(ok.status).toBe(303);
    expect((await t.db.select().from(clients))[0]?.name).toBe(evil);
  });

  it("refuses a form from a page older than two hours", async () => {
    const html = await (await t.request(`/l/${link.code}`)).text();
    const token = html.match(/name="form_token" value="([^"]+)"/)?.[1] ?? "";
    t.clock.advance(3 * 3_600_000);
    const res = await t.request(`/l/${link.code}`, { form: { ...lead, form_token: token } });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("Страница устарела");
    expect(await t.db.$count(clients)).toBe(0);
  });

  it("takes a form filled in about a second (autofill)", async () => {
    expect(MIN_FILL_MS).toBeLessThanOrEqual(1_000);
    const html = await (await t.request(`/l/${link.code}`)).text();
    const token = html.match(/name="form_token" value="([^"]+)"/)?.[1] ?? "";
    t.clock.advance(1_000);
    expect((await t.request(`/l/${link.code}`, { form: { ...lead, form_token: token } })).status).toBe(303);
    expect(await t.db.$count(clients)).toBe(1);
  });

  it("shows the real field errors of invalid data sent too fast, never a blame for speed", async () => {
    const html = await (await t.request(`/l/${link.code}`)).text();
    const token = html.match(/name="form_token" value="([^"]+)"/)?.[1] ?? "";
    const res = await t.request(`/l/${link.code}`, { form: { ...lead, phone: "", email: "maria@", form_token: token } });
    expect(res.status).toBe(422);
    const page = await res.text();
    expect(page).toContain("Введите email в формате name@example.ru");
    expect(page).toContain('value="maria@"');
    expect(page).not.toContain(text.publicForm.pressAgain);
    expect(await t.db.$count(clients)).toBe(0);
  });

  it("asks to press once more, with the values and a fresh token, when valid data is sent too fast", async () => {
    const html = await (await t.request(`/l/${link.code}`)).text();
    const token = html.match(/name="form_token" value="([^"]+)"/)?.[1] ?? "";
    const before = await snapshot(t.client);
    const res = await t.request(`/l/${link.code}`, { form: { ...lead, comment: "Позвоните вечером", form_token: token }, headers: { "hx-request": "true" } });
    expect(res.status).toBe(422);
    const form = await res.text();
    expect(form).toMatch(/^<form /);
    expect(form).toContain(text.publicForm.pressAgain);
    expect(form).not.toContain(text.validation.formErrors);
    expect(form).not.toContain('class="error"');
    expect(form).toContain('value="Мария"');
    expect(form).toContain("Позвоните вечером</textarea>");
    const fresh = form.match(/name="form_token" value="([^"]+)"/)?.[1] ?? "";
    expect(fresh).not.toBe(token);
    expect(await snapshot(t.client)).toBe(before);
    // The second press, a moment later, goes through.
    t.clock.advance(MIN_FILL_MS);
    expect((await t.request(`/l/${link.code}`, { form: { ...lead, form_token: fresh }, headers: { "hx-request": "true" } })).status).toBe(200);
    expect(await t.db.$count(clients)).toBe(1);
  });

  it("refuses a reused token, a forged one and one from another link", async () => {
    const token = await openForm();
    expect((await t.request(`/l/${link.code}`, { form: { ...lead, form_token: token } })).status).toBe(303);
    const reused = await t.request(`/l/${link.code}`, { form: { ...lead, phone: "+79990001122", form_token: token } });
    expect(reused.status).toBe(422);
    expect(await reused.text()).toContain("Эта заявка уже отправлена");
    const forged = await t.request(`/l/${link.code}`, { form: { ...lead, form_token: `${token.slice(0, -2)}xx` } });
    expect(await forged.text()).toContain("Не удалось проверить форму");
    const other = await createLink(
      t.db,
      partner.id,
      {
        title: "2",
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
    const moved = await t.request(`/l/${other.code}`, { form: { ...lead, form_token: token } });
    expect(await moved.text()).toContain("Не удалось проверить форму");
    expect(await t.db.$count(clients)).toBe(1);
  });

  it("quietly drops a bot that fills the honeypot", async () => {
    const token = await openForm();
    const res = await t.request(`/l/${link.code}`, { form: { ...lead, website: "http://spam.example", form_token: token } });
    expect(res.status).toBe(303);
    expect(await t.db.$count(clients)).toBe(0);
  });

  it("limits one address to five leads per ten minutes", async () => {
    for (let i = 0; i < 5; i++) {
      const token = await openForm();
      expect((await t.request(`/l/${link.code}`, { form: { ...lead, phone: `+7912000000${i}`, form_token: token }, ip: "198.51.100.5" })).status).toBe(303);
    }
    const token = await openForm();
    const res = await t.request(`/l/${link.code}`, { form: { ...lead, phone: "+79120000009", form_token: token }, ip: "198.51.100.5" });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await res.text()).toContain("Слишком много заявок с вашего адреса");
    expect(await t.db.$count(clients)).toBe(5);
  });

  it("flags a repeated phone as a possible duplicate and still stores it", async () => {
    for (const name of ["Первая", "Вторая"]) {
      const token = await openForm();
      await t.request(`/l/${link.code}`, { form: { ...lead, name, form_token: token }, ip: `198.51.100.${name.length}` });
    }
    const rows = await t.db.select().from(clients).orderBy(clients.id);
    expect(rows.map((r) => r.duplicateOfId)).toEqual([null, rows[0]?.id]);
  });
});

describe("GET/POST /embed/:code", () => {
  it("serves the form alone, framable anywhere, and stores a lead from it", async () => {
    const iframe = await createLink(
      t.db,
      partner.id,
      { title: "I", linkType: "iframe", targetUrl: null, utmSource: "site", utmMedium: null, utmCampaign: null, utmContent: null, utmTerm: null },
      t.clock.now,
    );
    const res = await t.request(`/embed/${iframe.code}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors *");
    expect(res.headers.get("x-frame-options")).toBeNull();
    const token = (await res.text()).match(/name="form_token" value="([^"]+)"/)?.[1] ?? "";
    t.clock.advance(5_000);
    expect((await t.request(`/embed/${iframe.code}`, { form: { ...lead, form_token: token } })).status).toBe(303);
    expect((await t.db.select().from(clients))[0]).toMatchObject({ linkId: iframe.id, landingId: null, utmSource: "site" });
    expect((await t.request(`/embed/${link.code}`)).status).toBe(404);
  });

  it("opened as a page (?view=page, the short link's address) posts and returns to the page, not the bare form", async () => {
    const iframe = await createLink(
      t.db,
      partner.id,
      { title: "I", linkType: "iframe", targetUrl: null, utmSource: null, utmMedium: null, utmCampaign: null, utmContent: null, utmTerm: null },
      t.clock.now,
    );
    const token = await openForm(`/embed/${iframe.code}?view=page`);
    const res = await t.request(`/embed/${iframe.code}?view=page`, { form: { ...lead, form_token: token } });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/embed/${iframe.code}?view=page&sent=1`);
    const thanks = await t.request(res.headers.get("location") ?? "");
    expect(thanks.headers.get("x-frame-options")).toBe("DENY");
    expect(await thanks.text()).toContain('<body class="lp lp-page">');
    expect(await t.db.select().from(clients)).toHaveLength(1);
  });

  it("keeps every other page unframable", async () => {
    expect((await t.request("/login")).headers.get("x-frame-options")).toBe("DENY");
  });
});
