import { createSession } from "../auth/session.js";
import { createClient } from "../features/clients/clients.js";
import { createLink } from "../features/links/links.js";
import { givenAdmin, givenPartner } from "../testing/fixtures.js";
import { checkA11y, DESKTOP, describeViolations, launchBrowser, noSideScroll, PHONE, startServer, watchCsp } from "./browser.js";

const s = await startServer();
const p = await givenPartner(s.db, { name: "Пётр" });
const admin = await givenAdmin(s.db);
const noUtm = { utmSource: null, utmMedium: null, utmCampaign: null, utmContent: null, utmTerm: null };
const link = await createLink(s.db, p.id, { title: "Сайт компании — осенняя акция", targetUrl: "https://example.ru", ...noUtm }, Date.now());
for (let i = 0; i < 8; i++) {
  await createClient(
    s.db,
    p.id,
    {
      source: i % 2 ? "manual" : "form",
      name: `Клиент Очень Длинное Имя ${i}`,
      phone: `+7912345670${i}`,
      email: `client${i}@example.ru`,
      company: i % 3 ? "ООО Ромашка" : null,
      comment: "Перезвонить",
      linkId: i % 2 ? link.id : null,
      landingId: null,
      utm: noUtm,
    },
    Date.now() - i * 86400000,
  );
}
await createClient(
  s.db,
  p.id,
  { source: "manual", name: "Дубль", phone: "+79123456701", email: null, company: null, comment: null, linkId: null, landingId: null, utm: noUtm },
  Date.now(),
);
const browser = await launchBrowser();
for (const [who, user, paths] of [
  ["partner", p, ["/clients?source=manual&sort=name_asc", "/clients", "/clients/new", "/clients/9", "/clients/1"]],
  ["admin", admin, [`/admin/partners/${p.id}`]],
] as const) {
  for (const [vp, size] of [
    ["desk", DESKTOP],
    ["phone", PHONE],
  ] as const) {
    const { token } = await createSession(s.db, user, Date.now());
    const ctx = await browser.newContext({ viewport: size });
    await ctx.addCookies([{ name: "session", value: token, url: s.origin }]);
    const page = await ctx.newPage();
    if (process.env.EXTRA_CSS) {
      const { readFileSync } = await import("node:fs");
      await page.route("**/static/app.css", async (route) => {
        const res = await route.fetch();
        await route.fulfill({ response: res, body: (await res.text()) + readFileSync(process.env.EXTRA_CSS ?? "", "utf8") });
      });
    }
    const problems = await watchCsp(page);
    for (const path of paths) {
      await page.goto(`${s.origin}${path}`);
      console.log(page.url());
      const name = `${who}-${vp}-${path.replace(/\W+/g, "_")}`;
      await page.screenshot({ path: `/tmp/clients-shots/${name}.png`, fullPage: true });
      await page.screenshot({ path: `/tmp/clients-shots/${name}-top.png` });
      console.log(name, "sideScrollOk", await noSideScroll(page), describeViolations(await checkA11y(page)) || "a11y ok");
    }
    if (vp === "desk" && who === "partner") {
      await page.goto(`${s.origin}/clients/new`);
      await page.click("form.form button[type=submit]");
      await page.screenshot({ path: `/tmp/clients-shots/partner-new-errors.png`, fullPage: true });
      console.log("errors page a11y", describeViolations(await checkA11y(page)) || "ok");
    }
    console.log(who, vp, JSON.stringify(problems));
    await ctx.close();
  }
}
await browser.close();
await s.close();
