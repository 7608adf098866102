/**
 * The throttling probes of issue 10 (findings 4 and 5), each as it was measured against the old code:
 * interleaved own-account sign-ins resetting the per-IP counter, parallel guesses racing the per-account
 * backoff, a full hashing queue answering 500, and a registration form that told taken emails apart.
 */
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loginThrottles, sessions, users } from "../db/schema.js";
import { hashToken } from "../lib/random.js";
import { givenPartner, snapshot, TEST_PASSWORD } from "../testing/fixtures.js";
import { createTestApp, type TestApp } from "../testing/test-app.js";
import { passwordQueue } from "./password.js";

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});

const ATTACKER_IP = "198.51.100.66";
const login = (email: string, password: string, ip = ATTACKER_IP) => t.request("/login", { form: { email, password }, ip });
const accountRow = (email: string) =>
  t.db
    .select()
    .from(loginThrottles)
    .where(eq(loginThrottles.key, `account:${email}`))
    .get();

describe("per-IP login throttling", () => {
  it("is not reset by signing in to another account between guesses: at most 10 of 90 guesses are checked", async () => {
    // The attacker's own account (pending: the right password answers 403, and used to reset the IP counter).
    const own = await givenPartner(t.db, { approvalStatus: "pending", isActive: false });
    const victims = await Promise.all(Array.from({ length: 90 }, () => givenPartner(t.db)));
    let checked = 0;
    let refused = 0;
    for (const [i, victim] of victims.entries()) {
      const guess = await login(victim.email, `guess-${i}-wrong`);
      if (guess.status === 401) checked++;
      if (guess.status === 429) refused++;
      await login(own.email, TEST_PASSWORD);
      t.clock.advance(1_000);
    }
    expect(checked).toBeLessThanOrEqual(10);
    expect(checked + refused).toBe(90);
  });

  it("holds under a parallel burst from one address against many accounts", async () => {
    const statuses = await Promise.all(Array.from({ length: 30 }, (_, i) => login(`nobody${i}@example.ru`, "wrong-guess")).map(async (r) => (await r).status));
    expect(statuses.filter((s) => s === 401)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20);
  });

  it("lets a user's own typos be forgiven by their own sign-in, and a blocked address try again after 10 minutes", async () => {
    const partner = await givenPartner(t.db);
    for (let i = 0; i < 9; i++) {
      expect((await login(partner.email, `typo-${i}`)).status).toBe(401);
      t.clock.advance(300_000); // past the account's backoff
    }
    expect((await login(partner.email, TEST_PASSWORD)).status).toBe(303);
    // Their nine failures are gone with the success; ten fresh ones from the same address now block it.
    for (let i = 0; i < 10; i++) expect((await login(`x${i}@example.ru`, "wrong-guess")).status).toBe(401);
    const blocked = await login("x10@example.ru", "wrong-guess");
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get("retry-after")).toBe("600");
    t.clock.advance(600_000);
    expect((await login(partner.email, TEST_PASSWORD)).status).toBe(303);
  });
});

describe("per-account backoff under parallel requests", () => {
  it("checks at most one of 20 parallel guesses once a backoff applies", async () => {
    const partner = await givenPartner(t.db);
    await login(partner.email, "wrong-1", "10.9.0.1");
    await login(partner.email, "wrong-2", "10.9.0.2");
    t.clock.advance(1_000); // the 1 s backoff after the second failure is over
    const statuses = await Promise.all(Array.from({ length: 20 }, (_, i) => login(partner.email, `wrong-p${i}`, `10.8.0.${i}`).then((r) => r.status)));
    expect(statuses.filter((s) => s === 401)).toHaveLength(1);
    expect(statuses.filter((s) => s === 429)).toHaveLength(19);
    expect((await accountRow(partner.email))?.failures).toBe(3);
  });

  it("checks at most two of 20 parallel guesses at an account with no failures (the first backoff step is 0 s)", async () => {
    const partner = await givenPartner(t.db);
    const statuses = await Promise.all(Array.from({ length: 20 }, (_, i) => login(partner.email, `wrong-p${i}`, `10.8.1.${i}`).then((r) => r.status)));
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(2);
    expect(statuses.filter((s) => s === 401).length + statuses.filter((s) => s === 429).length).toBe(20);
  });
});

describe("a full password-hashing queue", () => {
  /** Takes both hashing slots and fills the 20 waiting places until release() is called. */
  function fillQueue() {
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const held = Array.from({ length: 22 }, () => passwordQueue.run(() => gate));
    return async () => {
      release();
      await Promise.all(held);
    };
  }
  let release: () => Promise<void> = async () => {};
  afterEach(async () => {
    await release();
  });

  const expectBusy = async (res: Response) => {
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("5");
    expect(await res.text()).toContain("Сервер сейчас перегружен проверкой паролей. Повторите через 5 с.");
  };

  it("answers /login with 429 and Retry-After, not 500, and does not count the unchecked attempt", async () => {
    const partner = await givenPartner(t.db);
    release = fillQueue();
    await expectBusy(await login(partner.email, TEST_PASSWORD));
    await expectBusy(await login("nobody@example.ru", "wrong-guess"));
    expect((await accountRow(partner.email))?.failures).toBe(0);
    await release();
    expect((await login(partner.email, TEST_PASSWORD)).status).toBe(303);
  });

  it("answers an admin creating a partner with 429 and Retry-After (any route that hashes), and stores nothing", async () => {
    const admin = await givenPartner(t.db, { role: "admin" });
    const cookie = await t.cookieFor(admin);
    release = fillQueue();
    const before = await snapshot(t.client);
    const res = await t.request("/admin/partners", { cookie, form: { name: "Пётр", email: "petr@example.ru", password: "long-enough-1" } });
    await expectBusy(res);
    expect(await snapshot(t.client)).toBe(before);
  });

  it("answers /register with 429, keeps the typed fields but not the password, and stores nothing", async () => {
    release = fillQueue();
    const before = await snapshot(t.client);
    const res = await t.request("/register", { form: { name: "Иван Петров", email: "ivan@example.ru", password: "long-enough-1" } });
    const html = await res.clone().text();
    await expectBusy(res);
    expect(html).toContain('value="Иван Петров"');
    expect(html).not.toContain("long-enough-1");
    expect(await snapshot(t.client)).toBe(before);
  });

  it("answers the sudo-mode confirmation and the password change with 429", async () => {
    const partner = await givenPartner(t.db);
    const cookie = await t.cookieFor(partner);
    await t.db
      .update(sessions)
      .set({ authenticatedAt: t.clock.now - 20 * 60_000 })
      .where(eq(sessions.id, hashToken(cookie.slice("session=".length))));
    release = fillQueue();
    await expectBusy(await t.request("/payouts", { cookie, form: { comment: "x", reauth_password: TEST_PASSWORD } }));
    await expectBusy(
      await t.request("/profile/password", {
        cookie,
        form: { current_password: TEST_PASSWORD, new_password: "new-password-1", confirm_password: "new-password-1" },
      }),
    );
  });
});

describe("POST /register", () => {
  const form = (email: string) => ({ name: "Иван Петров", email, password: "long-enough-1", company: "ООО Ромашка", phone: "+7 912 345-67-89" });
  const outside = async (res: Response) => ({
    status: res.status,
    headers: [...res.headers.entries()].filter(([k]) => k !== "date"),
    body: await res.text(),
  });

  it("answers a taken email exactly like a new one, and leaves the existing account untouched", async () => {
    const existing = await givenPartner(t.db, { email: "taken@example.ru" });
    const fresh = await outside(await t.request("/register", { form: form("new@example.ru"), ip: "192.0.2.1" }));
    const taken = await outside(await t.request("/register", { form: form("taken@example.ru"), ip: "192.0.2.2" }));
    expect(taken).toEqual(fresh);
    expect(fresh.status).toBe(303);
    expect(fresh.headers).toContainEqual(["location", "/login"]);
    expect(await t.db.select().from(users).where(eq(users.id, existing.id)).get()).toEqual(existing);
  });

  it("hashes the password for a taken email too (the queue-full answer proves the hash was asked for)", async () => {
    await givenPartner(t.db, { email: "taken@example.ru" });
    let open = () => {};
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const held = Array.from({ length: 22 }, () => passwordQueue.run(() => gate));
    const res = await t.request("/register", { form: form("taken@example.ru") });
    open();
    await Promise.all(held);
    expect(res.status).toBe(429);
  });

  it("takes 5 sign-ups an hour from one address, then 429 with Retry-After, the fields kept and nothing stored", async () => {
    for (let i = 0; i < 5; i++) expect((await t.request("/register", { form: form(`p${i}@example.ru`) })).status).toBe(303);
    t.clock.advance(10 * 60_000);
    const before = await snapshot(t.client);
    const res = await t.request("/register", { form: form("p5@example.ru") });
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("3000");
    const html = await res.text();
    expect(html).toContain("Слишком много заявок с этого адреса. Повторите через 50 мин.");
    expect(html).toContain('value="Иван Петров"');
    expect(html).toContain('value="p5@example.ru"');
    expect(html).not.toContain("long-enough-1");
    expect(await snapshot(t.client)).toBe(before);
    // Another address is not affected, and the hour passes.
    expect((await t.request("/register", { form: form("p6@example.ru"), ip: "192.0.2.9" })).status).toBe(303);
    t.clock.advance(50 * 60_000);
    expect((await t.request("/register", { form: form("p7@example.ru") })).status).toBe(303);
  });

  it("keeps its counter in the database, so a restart does not reset it", async () => {
    for (let i = 0; i < 5; i++) await t.request("/register", { form: form(`q${i}@example.ru`) });
    const row = await t.db.select().from(loginThrottles).where(eq(loginThrottles.key, "register:203.0.113.10")).get();
    expect(row?.hourFailures).toBe(5);
  });
});
