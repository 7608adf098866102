import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { sessions, users } from "../db/schema.js";
import { givenAdmin, givenPartner, reloadUser, snapshot, TEST_PASSWORD } from "../testing/fixtures.js";
import { cookiesFrom, createTestApp, type TestApp } from "../testing/test-app.js";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});

const valid = { name: "Иван Петров", email: "Ivan@Example.ru", password: "long-enough-1", company: "ООО Ромашка", phone: "8 (912) 345-67-89" };
const login = (email: string, password = TEST_PASSWORD, extra: Record<string, string> = {}) => t.request("/login", { form: { email, password, ...extra } });

describe("POST /register", () => {
  it("creates a pending partner, issues no session and says the application was sent", async () => {
    const res = await t.request("/register", { form: valid });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/login");
    expect(res.headers.getSetCookie().some((c) => c.startsWith("session="))).toBe(false);
    const user = await t.db.select().from(users).where(eq(users.email, "ivan@example.ru")).get();
    expect(user).toMatchObject({ approvalStatus: "pending", isActive: false, role: "partner", phone: "+79123456789", company: "ООО Ромашка" });
    expect(user?.passwordHash).toMatch(/^\$argon2id\$/);
    const page = await t.request("/login", { cookie: cookiesFrom(res) });
    expect(await page.text()).toContain("Заявка на регистрацию отправлена");
  });

  const bad: Array<[string, Record<string, string>, string]> = [
    ["an invalid email", { ...valid, email: "not-an-email" }, "Введите email в формате name@example.ru"],
    ["a short password", { ...valid, password: "short7!" }, "Пароль должен быть не короче 8 символов"],
    ["a 10 000-character name", { ...valid, name: "я".repeat(10_000) }, "Не длиннее 100 символов"],
    ["a missing name", { email: valid.email, password: valid.password }, "Заполните поле"],
    ["a phone of letters", { ...valid, phone: "позвоните мне" }, "Введите телефон, например +7 912 345-67-89"],
    ["a name with a bidi override", { ...valid, name: "Ivan\u202eevil" }, "Уберите служебные символы"],
  ];
  it.each(bad)("refuses %s with a message by the field and stores nothing", async (_label, form, message) => {
    const before = await snapshot(t.client);
    const res = await t.request("/register", { form });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain(message);
    expect(html).toContain('aria-invalid="true"');
    expect(await snapshot(t.client)).toBe(before);
  });

  it("keeps the typed values but never echoes the password", async () => {
    const res = await t.request("/register", { form: { ...valid, email: "bad" } });
    const html = await res.text();
    expect(html).toContain('value="Иван Петров"');
    expect(html).not.toContain(valid.password);
  });

  it("changes nothing for an email that is already registered, and does not say so (throttle.test.ts compares the answers)", async () => {
    await givenPartner(t.db, { email: "ivan@example.ru" });
    const before = await snapshot(t.client);
    const res = await t.request("/register", { form: valid });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/login");
    expect(await snapshot(t.client)).toBe(before);
  });

  it("lets a rejected email apply again: the record returns to pending", async () => {
    const rejected = await givenPartner(t.db, { email: "ivan@example.ru", approvalStatus: "rejected", isActive: false, rejectionReason: "нет сайта" });
    const res = await t.request("/register", { form: { ...valid, name: "Иван Второй" } });
    expect(res.status).toBe(303);
    expect(await reloadUser(t.db, rejected.id)).toMatchObject({ approvalStatus: "pending", rejectionReason: null, name: "Иван Второй" });
  });

  it("escapes HTML typed into the form", async () => {
    const res = await t.request("/register", { form: { ...valid, email: "x", name: "<script>alert(1)</script>" } });
    const html = await res.text();
    expect(html).not.toContain("<script>alert(1)</script>");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });
});

describe("POST /login", () => {
  it("signs an approved partner in with a hashed, HttpOnly, SameSite=Lax session cookie", async () => {
    const partner = await givenPartner(t.db);
    const res = await login(partner.email);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/dashboard");
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith("session="));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    const token = cookie?.split(";")[0]?.split("=")[1] ?? "";
    const rows = await t.db.select().from(sessions).where(eq(sessions.userId, partner.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.id).not.toBe(token);
    expect(rows[0]?.id).toMatch(/^[0-9a-f]{64}$/);
    const dashboard = await t.request("/dashboard", { cookie: cookiesFrom(res) });
    expect(dashboard.status).toBe(200);
    expect(dashboard.headers.get("cache-control")).toBe("no-store");
  });

  it("sends an admin to /admin", async () => {
    const admin = await givenAdmin(t.db);
    const res = await login(admin.email);
    expect(res.headers.get("location")).toBe("/admin");
  });

  it.each([
    ["pending", { approvalStatus: "pending" as const, isActive: false }, "Ваша заявка на рассмотрении"],
    ["rejected", { approvalStatus: "rejected" as const, isActive: false, rejectionReason: "Нет опыта продаж" }, "Заявка отклонена. Причина: Нет опыта продаж"],
    ["deactivated", { approvalStatus: "approved" as const, isActive: false }, "Учётная запись отключена"],
  ])("tells a %s partner why they cannot sign in", async (_label, state, message) => {
    const partner = await givenPartner(t.db, state);
    const res = await login(partner.email);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain(message);
    expect(res.headers.getSetCookie().some((c) => c.startsWith("session="))).toBe(false);
  });

  it("gives the same generic message for a wrong password and an unknown email", async () => {
    const partner = await givenPartner(t.db, { approvalStatus: "pending", isActive: false });
    const wrong = await login(partner.email, "wrong-password");
    const unknown = await login("nobody@example.ru", "wrong-password");
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.text()).toContain("Неверный email или пароль");
    expect(await unknown.text()).toContain("Неверный email или пароль");
  });

  it("ends a session the browser brought along (fixation)", async () => {
    const partner = await givenPartner(t.db);
    const old = await t.cookieFor(partner);
    const res = await t.request("/login", { form: { email: partner.email, password: TEST_PASSWORD }, cookie: old });
    expect(res.status).toBe(303);
    expect((await t.request("/dashboard", { cookie: old })).status).toBe(303);
  });

  it("follows a same-site next path but never an external one", async () => {
    const partner = await givenPartner(t.db);
    expect((await login(partner.email, TEST_PASSWORD, { next: "/profile" })).headers.get("location")).toBe("/profile");
    expect((await login(partner.email, TEST_PASSWORD, { next: "//evil.example/x" })).headers.get("location")).toBe("/dashboard");
    expect((await login(partner.email, TEST_PASSWORD, { next: "/\\evil.example" })).headers.get("location")).toBe("/dashboard");
  });

  it("answers 413 with a Russian page to an oversized body", async () => {
    const res = await t.request("/login", { form: { email: "a@b.ru", password: "x".repeat(10_000) } });
    expect(res.status).toBe(413);
    expect(await res.text()).toContain("Слишком большой запрос");
  });
});

describe("login throttling", () => {
  it("backs off per account after repeated failures and says how long to wait", async () => {
    const partner = await givenPartner(t.db);
    await login(partner.email, "wrong-1");
    await login(partner.email, "wrong-2");
    const res = await login(partner.email, TEST_PASSWORD);
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("1");
    expect(await res.text()).toContain("Слишком много неудачных попыток");
    t.clock.advance(1_000);
    expect((await login(partner.email, TEST_PASSWORD)).status).toBe(303);
  });

  it("blocks an address for 10 minutes after 10 consecutive failures", async () => {
    for (let i = 0; i < 10; i++) {
      const res = await t.request("/login", { form: { email: `user${i}@example.ru`, password: "nope-nope" }, ip: "198.51.100.7" });
      expect(res.status).toBe(401);
    }
    const blocked = await t.request("/login", { form: { email: "other@example.ru", password: "nope-nope" }, ip: "198.51.100.7" });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBe(600);
    const elsewhere = await t.request("/login", { form: { email: "other@example.ru", password: "nope-nope" }, ip: "198.51.100.8" });
    expect(elsewhere.status).toBe(401);
  });

  it("never processes more than 100 failures per hour for one account, even when successes reset the backoff", async () => {
    const partner = await givenPartner(t.db);
    let processed = 0;
    for (let i = 0; i < 120; i++) {
      // The owner signs in between guesses, which resets the backoff; only the hourly cap is left.
      const guess = await t.request("/login", { form: { email: partner.email, password: "wrong-pass" }, ip: `10.0.${i}.1` });
      if (guess.status === 401) processed++;
      t.clock.advance(2_000);
      await t.request("/login", { form: { email: partner.email, password: TEST_PASSWORD }, ip: "10.1.0.1" });
      t.clock.advance(2_000);
    }
    expect(processed).toBe(100);
  });

  it("ignores X-Forwarded-For from a peer that is not a trusted proxy", async () => {
    for (let i = 0; i < 10; i++) {
      await t.request("/login", {
        form: { email: `u${i}@example.ru`, password: "nope-nope" },
        ip: "198.51.100.9",
        headers: { "x-forwarded-for": `192.0.2.${i}` },
      });
    }
    const res = await t.request("/login", {
      form: { email: "z@example.ru", password: "nope-nope" },
      ip: "198.51.100.9",
      headers: { "x-forwarded-for": "192.0.2.99" },
    });
    expect(res.status).toBe(429);
  });
});

describe("POST /logout", () => {
  it("deletes the session and clears the cookie", async () => {
    const partner = await givenPartner(t.db);
    const cookie = await t.cookieFor(partner);
    const res = await t.request("/logout", { method: "POST", cookie });
    expect(res.status).toBe(303);
    expect(await t.db.select().from(sessions).where(eq(sessions.userId, partner.id))).toHaveLength(0);
    expect((await t.request("/dashboard", { cookie })).status).toBe(303);
  });

  it("does not log out on GET", async () => {
    const partner = await givenPartner(t.db);
    const cookie = await t.cookieFor(partner);
    const res = await t.request("/logout", { cookie });
    expect(res.status).toBe(405);
    expect((await t.request("/dashboard", { cookie })).status).toBe(200);
  });
});

describe("session lifetime", () => {
  const HOUR = 3_600_000;
  it("slides a partner session with use, but never past 30 days", async () => {
    const partner = await givenPartner(t.db);
    const cookie = await t.cookieFor(partner);
    for (let day = 1; day < 30; day++) {
      t.clock.advance(24 * HOUR);
      expect((await t.request("/dashboard", { cookie })).status).toBe(200);
    }
    t.clock.advance(24 * HOUR);
    expect((await t.request("/dashboard", { cookie })).status).toBe(303);
  });

  it("expires a partner session after 7 idle days and deletes the row", async () => {
    const partner = await givenPartner(t.db);
    const cookie = await t.cookieFor(partner);
    t.clock.advance(7 * 24 * HOUR);
    expect((await t.request("/dashboard", { cookie })).status).toBe(303);
    expect(await t.db.select().from(sessions)).toHaveLength(0);
  });

  it("expires an admin session after 30 idle minutes", async () => {
    const admin = await givenAdmin(t.db);
    const cookie = await t.cookieFor(admin);
    t.clock.advance(29 * 60_000);
    expect((await t.request("/admin", { cookie })).status).toBe(200);
    t.clock.advance(29 * 60_000);
    expect((await t.request("/admin", { cookie })).status).toBe(200);
    t.clock.advance(31 * 60_000);
    expect((await t.request("/admin", { cookie })).status).toBe(303);
  });

  it("ignores a token passed anywhere but the cookie", async () => {
    const partner = await givenPartner(t.db);
    const token = (await t.cookieFor(partner)).split("=")[1];
    expect((await t.request(`/dashboard?session=${token}`)).status).toBe(303);
  });
});

describe("over HTTPS", () => {
  it("uses a __Host- cookie with Secure, and HSTS for a year", async () => {
    const https = await createTestApp({ PUBLIC_ORIGIN: "https://partners.example.ru" });
    const partner = await givenPartner(https.db);
    const res = await https.app.request("https://partners.example.ru/login", {
      method: "POST",
      headers: { origin: "https://partners.example.ru", "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email: partner.email, password: TEST_PASSWORD }).toString(),
    });
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith("__Host-session="));
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/Path=\//);
    expect(res.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
  });
});

describe("an expired session on a polled fragment", () => {
  it("sends htmx back to the login page with the page, not the fragment, as next", async () => {
    const res = await t.request("/notifications/bell", { headers: { "hx-request": "true", "hx-current-url": "http://cabinet.test/links?x=1" } });
    expect(res.status).toBe(204);
    expect(res.headers.get("hx-redirect")).toBe("/login?next=%2Flinks");
  });
});
