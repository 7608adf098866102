/** Sudo mode on one partner and one admin action: confirmation page, right and wrong password, throttling, htmx. */
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { loginThrottles, payoutRequestClients, payoutRequests, sessions, type User } from "../db/schema.js";
import { createPayoutRequest } from "../features/payouts/requests.js";
import { t as text } from "../i18n/ru.js";
import { hashToken } from "../lib/random.js";
import { givenAdmin, givenPartner, snapshot, TEST_PASSWORD } from "../testing/fixtures.js";
import { givenCardMethod, givenWonClient } from "../testing/payout-fixtures.js";
import { createTestApp, TEST_ORIGIN, type TestApp } from "../testing/test-app.js";
import { REAUTH_FIELD, REAUTH_WINDOW_MS } from "./sudo.js";
import { reserveLoginAttempt } from "./throttle.js";

const MINUTE = 60_000;
const KEY = "abcdefghijklmnop0123";
const IP = "203.0.113.10";

let t: TestApp;
let partner: User;
let methodId: number;
let clientIds: number[];

beforeEach(async () => {
  t = await createTestApp();
  partner = await givenPartner(t.db);
  methodId = (await givenCardMethod(t.db, partner.id)).id;
  clientIds = [(await givenWonClient(t.db, partner.id)).id, (await givenWonClient(t.db, partner.id)).id];
});

const tokenOf = (cookie: string) => cookie.slice("session=".length);

/** A session whose password was last entered `ago` ms before now (20 minutes: stale). */
async function cookieAuthenticatedAgo(user: User, ago = 20 * MINUTE): Promise<string> {
  const cookie = await t.cookieFor(user);
  await t.db
    .update(sessions)
    .set({ authenticatedAt: t.clock.now - ago })
    .where(eq(sessions.id, hashToken(tokenOf(cookie))));
  return cookie;
}

const authenticatedAt = async (cookie: string) =>
  (
    await t.db
      .select()
      .from(sessions)
      .where(eq(sessions.id, hashToken(tokenOf(cookie))))
      .get()
  )?.authenticatedAt;

/** A form post with repeated fields, as the payout form sends its ticked clients. */
function post(path: string, cookie: string, fields: [string, string][], headers: Record<string, string> = {}) {
  return t.app.request(
    `${TEST_ORIGIN}${path}`,
    {
      method: "POST",
      headers: { cookie, origin: TEST_ORIGIN, "content-type": "application/x-www-form-urlencoded", ...headers },
      body: new URLSearchParams(fields).toString(),
    },
    { incoming: { socket: { remoteAddress: IP } } },
  );
}

const payoutForm = (): [string, string][] => [
  ["method_id", String(methodId)],
  ["request_key", KEY],
  ["comment", "Прошу до пятницы & <спасибо>"],
  ...clientIds.map((id): [string, string] => ["client_id", String(id)]),
];

/** The hidden inputs of the confirmation page, in order. */
const hiddenFields = (html: string) =>
  [...html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)"\/?>/g)].map((m) => [
    m[1],
    (m[2] ?? "").replaceAll("&amp;", "&").replaceAll("&lt;", "<").replaceAll("&gt;", ">"),
  ]);

const requests = () => t.db.select().from(payoutRequests).all();
const throttleOf = (email: string) =>
  t.db
    .select()
    .from(loginThrottles)
    .where(eq(loginThrottles.key, `account:${email}`))
    .get();

describe("sudo mode on POST /payouts", () => {
  it("answers a stale session with the confirmation page carrying every field, and stores nothing", async () => {
    const cookie = await cookieAuthenticatedAgo(partner);
    const before = await snapshot(t.client);
    const res = await post("/payouts", cookie, payoutForm());
    expect(res.status).toBe(403);
    const html = await res.text();
    expect(html).toContain("<title>Подтвердите пароль");
    expect(html).toContain("Для этого действия нужно ещё раз ввести пароль: с последнего входа прошло больше 15 минут.");
    expect(html).toContain(`<form method="post" action="/payouts" class="form"`);
    expect(hiddenFields(html)).toEqual(payoutForm());
    expect(html).toMatch(new RegExp(`<input id="f-${REAUTH_FIELD}" name="${REAUTH_FIELD}" type="password" required=""`));
    expect(html).toContain(partner.email);
    expect(await snapshot(t.client)).toBe(before);
    expect(await requests()).toEqual([]);
  });

  it("with the right password runs the action once on the original fields and renews authenticated_at", async () => {
    const cookie = await cookieAuthenticatedAgo(partner);
    const confirm = () => post("/payouts", cookie, [...payoutForm(), [REAUTH_FIELD, TEST_PASSWORD]]);
    const res = await confirm();
    expect(res.status).toBe(303);
    const [request] = await requests();
    expect(res.headers.get("location")).toBe(`/payouts/${request?.id}`);
    expect(request?.comment).toBe("Прошу до пятницы & <спасибо>");
    const claimed = await t.db.select().from(payoutRequestClients).all();
    expect(claimed.map((r) => r.clientId).sort()).toEqual(clientIds);
    expect(await authenticatedAt(cookie)).toBe(t.clock.now);
    // The same confirmation sent again (a double click) finds the first request: still one.
    expect((await confirm()).status).toBe(303);
    expect(await requests()).toHaveLength(1);
    // The password went nowhere: not into a row, not into the log.
    expect(await snapshot(t.client)).not.toContain(TEST_PASSWORD);
    expect(t.logLines.join("\n")).not.toContain(TEST_PASSWORD);
    expect(t.logLines.join("\n")).not.toContain(REAUTH_FIELD);
  });

  it("with a wrong password says «Неверный пароль», keeps the fields, stores nothing and counts a failure", async () => {
    const cookie = await cookieAuthenticatedAgo(partner);
    const before = await snapshot(t.client);
    const res = await post("/payouts", cookie, [...payoutForm(), [REAUTH_FIELD, "wrong-password-1"]]);
    expect(res.status).toBe(403);
    const html = await res.text();
    expect(html).toContain(`<p class="flash flash-error" role="alert">Неверный пароль</p>`);
    expect(hiddenFields(html)).toEqual(payoutForm());
    expect(html).not.toContain("wrong-password-1");
    expect(await snapshot(t.client)).toBe(before);
    expect((await throttleOf(partner.email))?.failures).toBe(1);
  });

  it("asks for the password when the field is left empty, without counting a failure", async () => {
    const cookie = await cookieAuthenticatedAgo(partner);
    const before = await snapshot(t.client);
    const res = await post("/payouts", cookie, [...payoutForm(), [REAUTH_FIELD, ""]]);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("Введите пароль");
    expect(await snapshot(t.client)).toBe(before);
    expect(await throttleOf(partner.email)).toBeUndefined();
  });

  it("refuses a locked account with the throttle message even for the right password", async () => {
    const cookie = await cookieAuthenticatedAgo(partner);
    // Three failures: the third one second after the first two, past their 1 s backoff; now 2 s are left.
    for (const wait of [0, 0, 1_000]) {
      t.clock.advance(wait);
      expect(await reserveLoginAttempt(t.db, { ip: "198.51.100.7", email: partner.email }, t.clock.now)).toBeNull();
    }
    const before = await snapshot(t.client);
    const res = await post("/payouts", cookie, [...payoutForm(), [REAUTH_FIELD, TEST_PASSWORD]]);
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("2");
    const html = await res.text();
    expect(html).toContain(text.auth.errors.throttled(2));
    expect(hiddenFields(html)).toEqual(payoutForm());
    expect(await snapshot(t.client)).toBe(before);
  });

  it("lets a session authenticated within 15 minutes straight through, and blocks it just after", async () => {
    const cookie = await cookieAuthenticatedAgo(partner, 0);
    t.clock.advance(REAUTH_WINDOW_MS);
    const first = await post("/payouts", cookie, payoutForm());
    expect(first.status).toBe(303);
    expect(await requests()).toHaveLength(1);
    t.clock.advance(1);
    const res = await post("/payouts", cookie, [...payoutForm().filter(([k]) => k !== "request_key"), ["request_key", `${KEY}x`]]);
    expect(res.status).toBe(403);
    expect(await requests()).toHaveLength(1);
  });

  it("never hands a leftover password field to the action of a fresh session", async () => {
    const cookie = await t.cookieFor(partner);
    const res = await post("/payouts", cookie, [...payoutForm(), [REAUTH_FIELD, "typed-again-123"]]);
    expect(res.status).toBe(303);
    expect(await requests()).toHaveLength(1);
    expect(await snapshot(t.client)).not.toContain("typed-again-123");
  });

  it("never blocks a page or an action outside the list", async () => {
    const cookie = await cookieAuthenticatedAgo(partner);
    expect((await t.request("/payouts", { cookie })).status).toBe(200);
    const total = await post("/payouts/total", cookie, payoutForm());
    expect(total.status).toBe(200);
    expect(await total.text()).not.toContain("Подтвердите пароль");
    const profile = await t.request("/profile", { cookie, form: { name: "Новое имя", company: "", phone: "" } });
    expect(profile.status).toBe(303);
  });

  it("leaves other visitors to the route guards: anonymous → login, a partner on an admin action → 404", async () => {
    expect((await post("/payouts", "", payoutForm())).headers.get("location")).toBe("/login");
    const cookie = await cookieAuthenticatedAgo(partner);
    const res = await post("/admin/payouts/1/approval", cookie, [["comment", ""]]);
    expect(res.status).toBe(404);
  });

  it("replaces the main content for an htmx request", async () => {
    const cookie = await cookieAuthenticatedAgo(partner);
    const res = await post("/payouts", cookie, payoutForm(), { "hx-request": "true" });
    expect(res.status).toBe(403);
    expect(res.headers.get("hx-retarget")).toBe("#main");
    expect(res.headers.get("hx-reselect")).toBe("#main");
    expect(res.headers.get("hx-reswap")).toBe("outerHTML");
    expect(await res.text()).toContain(`<main id="main"`);
  });
});

describe("sudo mode on an admin decision", () => {
  it("approves a payout only after the admin confirms the password", async () => {
    const created = await createPayoutRequest(t.db, partner.id, { clientIds, methodId, comment: null, requestKey: KEY }, t.clock.now);
    if (!created.ok) throw new Error("request not created");
    const admin = await givenAdmin(t.db);
    const cookie = await cookieAuthenticatedAgo(admin);
    const path = `/admin/payouts/${created.request.id}/approval`;
    const before = await snapshot(t.client);
    const asked = await post(path, cookie, [["comment", "Проверено"]]);
    expect(asked.status).toBe(403);
    expect(hiddenFields(await asked.text())).toEqual([["comment", "Проверено"]]);
    expect(await snapshot(t.client)).toBe(before);
    const res = await post(path, cookie, [
      ["comment", "Проверено"],
      [REAUTH_FIELD, TEST_PASSWORD],
    ]);
    expect(res.status).toBe(303);
    const [request] = await requests();
    expect(request?.status).toBe("approved");
    expect(request?.adminComment).toBe("Проверено");
    expect(request?.decidedById).toBe(admin.id);
    expect(await authenticatedAt(cookie)).toBe(t.clock.now);
  });
});
