/**
 * Every route in `sensitiveRoutes` (src/auth/sudo.tsx), tried with a session whose password is 20
 * minutes old: the confirmation page with the submitted fields, nothing stored. The same request from a
 * fresh session reaches the feature, so the table cannot pass by guarding nothing.
 */
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { sessions, type User } from "../db/schema.js";
import { createPayoutRequest } from "../features/payouts/requests.js";
import { hashToken } from "../lib/random.js";
import { givenAdmin, givenPartner, snapshot } from "../testing/fixtures.js";
import { givenCardMethod, givenWonClient } from "../testing/payout-fixtures.js";
import { createTestApp, TEST_ORIGIN, type TestApp } from "../testing/test-app.js";
import { REAUTH_FIELD, sensitiveRoutes } from "./sudo.js";

const FIELDS: [string, string][] = [
  ["comment", "Проверка"],
  ["client_id", "1"],
  ["client_id", "2"],
];

let t: TestApp;
let users: Record<"partner" | "admin", User>;

beforeEach(async () => {
  t = await createTestApp();
  // One of everything, so every :id and :clientId below (all replaced by 1) names a real row.
  const partner = await givenPartner(t.db);
  const admin = await givenAdmin(t.db);
  const method = await givenCardMethod(t.db, partner.id);
  const client = await givenWonClient(t.db, partner.id);
  await givenWonClient(t.db, partner.id);
  const created = await createPayoutRequest(
    t.db,
    partner.id,
    { clientIds: [client.id], methodId: method.id, comment: null, requestKey: "abcdefghijklmnop0123" },
    t.clock.now,
  );
  expect([partner.id, method.id, client.id, created.ok && created.request.id]).toEqual([1, 1, 1, 1]);
  users = { partner, admin };
});

async function cookieAuthenticatedAgo(user: User, ago: number): Promise<string> {
  const cookie = await t.cookieFor(user);
  await t.db
    .update(sessions)
    .set({ authenticatedAt: t.clock.now - ago })
    .where(eq(sessions.id, hashToken(cookie.slice("session=".length))));
  return cookie;
}

const post = (path: string, cookie: string) =>
  t.app.request(`${TEST_ORIGIN}${path}`, {
    method: "POST",
    headers: { cookie, origin: TEST_ORIGIN, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(FIELDS).toString(),
  });

const concrete = (path: string) => path.replace(/:[A-Za-z]+/g, "1");
const CONFIRM_TITLE = "<title>Подтвердите пароль";

describe("sensitive routes", () => {
  it("are all registered POST routes of the app", () => {
    const registered = new Set(t.app.routes.filter((r) => r.method === "POST").map((r) => r.path));
    expect(sensitiveRoutes.filter((r) => !registered.has(r.path))).toEqual([]);
  });

  it.each(sensitiveRoutes)("POST $path ($role) asks a stale session for the password and stores nothing", async ({ path, role }) => {
    const stale = await cookieAuthenticatedAgo(users[role], 20 * 60_000);
    const before = await snapshot(t.client);
    const res = await post(concrete(path), stale);
    expect(res.status).toBe(403);
    const html = await res.text();
    expect(html).toContain(CONFIRM_TITLE);
    expect(html).toContain(`action="${concrete(path)}"`);
    for (const [name, value] of FIELDS) expect(html).toContain(`<input type="hidden" name="${name}" value="${value}"/>`);
    expect(html).toContain(`name="${REAUTH_FIELD}" type="password"`);
    expect(await snapshot(t.client)).toBe(before);

    const fresh = await post(concrete(path), await cookieAuthenticatedAgo(users[role], 60_000));
    expect(await fresh.text()).not.toContain(CONFIRM_TITLE);
  });
});
