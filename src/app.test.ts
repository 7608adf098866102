import { describe, expect, it } from "vitest";
import { givenPartner } from "./testing/fixtures.js";
import { createTestApp } from "./testing/test-app.js";

describe("GET /healthz", () => {
  it("reports the process and the database", async () => {
    const t = await createTestApp();
    const res = await t.request("/healthz");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok", db: "ok" }); // the full answer: src/features/ops/health.test.ts
  });

  it("answers 503 when the database is gone", async () => {
    const t = await createTestApp();
    t.close();
    expect((await t.request("/healthz")).status).toBe(503);
  });
});

describe("every response", () => {
  it("carries a CSP allowing only our own scripts, and the hardening headers", async () => {
    const t = await createTestApp();
    const res = await t.request("/login");
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(res.headers.get("strict-transport-security")).toBeNull();
    expect(res.headers.get("x-powered-by")).toBeNull();
  });

  it("renders a Russian 404 page for an unknown URL, in the partner layout when signed in", async () => {
    const t = await createTestApp();
    const anonymous = await t.request("/no-such-page");
    expect(anonymous.status).toBe(404);
    expect(await anonymous.text()).toContain("Страница не найдена");
    const p = await givenPartner(t.db);
    const html = await (await t.request("/no-such-page", { cookie: await t.cookieFor(p) })).text();
    expect(html).toContain('id="bell"');
  });

  it("logs one JSON line per request without the query string", async () => {
    const t = await createTestApp();
    await t.request("/login?next=%2Fsecret");
    const line = JSON.parse(t.logLines.at(-1) ?? "{}");
    expect(line).toMatchObject({ msg: "request", method: "GET", path: "/login", status: 200 });
    expect(t.logLines.join("")).not.toContain("secret");
  });
});

describe("static files", () => {
  it("serves the pinned htmx with an immutable cache and the stylesheet", async () => {
    const t = await createTestApp();
    const js = await t.request("/static/vendor/htmx-4.0.1.min.js");
    expect(js.status).toBe(200);
    expect(js.headers.get("cache-control")).toContain("immutable");
    expect((await t.request("/static/app.css")).headers.get("content-type")).toContain("text/css");
    expect((await t.request("/static/../package.json")).status).toBe(404);
  });
});

describe("GET /", () => {
  it("sends visitors to login and partners to their dashboard", async () => {
    const t = await createTestApp();
    expect((await t.request("/")).headers.get("location")).toBe("/login");
    const p = await givenPartner(t.db);
    expect((await t.request("/", { cookie: await t.cookieFor(p) })).headers.get("location")).toBe("/dashboard");
  });
});

describe("GET /dashboard", () => {
  it("shows the partner's real state and what to do next", async () => {
    const t = await createTestApp();
    const p = await givenPartner(t.db, { name: "Анна", partnerCode: "anna2345" });
    const html = await (await t.request("/dashboard", { cookie: await t.cookieFor(p) })).text();
    expect(html).toContain("Здравствуйте, Анна!");
    expect(html).toContain("anna2345");
    expect(html).toContain("Заполните профиль");
    expect(html).toMatch(/step"><span class="step-state">сделать/);
    const complete = await givenPartner(t.db, { company: "ООО", phone: "+79123456789" });
    expect(await (await t.request("/dashboard", { cookie: await t.cookieFor(complete) })).text()).toMatch(
      /step step-done"><span class="step-state">готово<\/span><span>Заполните профиль/,
    );
  });
});
