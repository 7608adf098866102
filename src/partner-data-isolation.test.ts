/**
 * SECURITY.md T1 over the whole app: partners A and B each own one of everything (links, landing with
 * an image, clients with money, requisites, payout request, personal notification, clicks). Every GET
 * route the app registers is fetched as A — lists, searches, filters, exports, fragments — and no
 * answer may contain anything of B's. Then every `:id` route is fetched with B's ids: 404 each time.
 */

import { eq, like } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "./db/schema.js";
import { attachments, landingImages } from "./db/schema.js";
import { notificationAttachmentsInsert, type StoredAttachment } from "./features/attachments/attachments.js";
import { sendMessage } from "./features/chat/chat.js";
import { createLanding } from "./features/landings/landings.js";
import { createLink } from "./features/links/links.js";
import { notifyPartner } from "./features/notifications/notifications.js";
import { givenPartner } from "./testing/fixtures.js";
import { givenPayoutRequest } from "./testing/money.js";
import { givenCardMethod, givenWonClient } from "./testing/payout-fixtures.js";
import { createTestApp, type TestApp } from "./testing/test-app.js";

let t: TestApp;
let a: User;
let b: User;
let admin: User;
const codes: Record<"a" | "b", string> = { a: "", b: "" };
const MARK = "zqxmark";

async function givenEverything(partner: User, tag: string) {
  const landing = await createLanding(
    t.db,
    partner.id,
    { title: `${tag} landing`, headerText: `${tag} header`, description: "D", buttonText: "B", themeColor: "#123456" },
    t.clock.now,
  );
  await t.db.insert(landingImages).values({
    landingId: landing.id,
    fileName: `${tag}-image.webp`,
    mime: "image/webp",
    width: 10,
    height: 10,
    bytes: 100,
    sortOrder: 0,
    createdAt: t.clock.now,
  });
  const utm = { utmSource: `${tag}-src`, utmMedium: null, utmCampaign: `${tag}-camp`, utmContent: null, utmTerm: null };
  const link = await createLink(t.db, partner.id, { title: `${tag} link`, linkType: "landing", targetUrl: null, landingId: landing.id, ...utm }, t.clock.now);
  await createLink(
    t.db,
    partner.id,
    { title: `${tag} direct`, linkType: "direct", targetUrl: `https://${tag}.example.ru/`, landingId: null, ...utm },
    t.clock.now,
  );
  const client = await givenWonClient(t.db, partner.id, { name: `${tag} client`, email: `${tag}@client.example.ru`, comment: `${tag} comment` });
  await givenWonClient(t.db, partner.id, { name: `${tag} second`, statusGroup: "in_progress", statusName: `${tag} stage` });
  await givenCardMethod(t.db, partner.id, { recipient: `${tag} recipient` });
  await givenPayoutRequest(t.db, partner.id, [client], "pending");
  await notifyPartner(t.db, partner.id, { kind: "admin", title: `${tag} note`, message: `${tag} message`, createdBy: null }, t.clock.now);
  // Chat: the partner's message with a photo and a PDF, the company's answer, a file on a notification.
  // Rows only (no files on disk): the checks are about who may read them, not about the bytes.
  const file = (name: string, kind: "image" | "file"): StoredAttachment => ({
    storedName: `${tag}-${name}-stored`,
    thumbName: kind === "image" ? `${tag}-${name}-thumb` : null,
    originalName: `${tag}-${name}`,
    mime: kind === "image" ? "image/jpeg" : "application/pdf",
    kind,
    bytes: 1234,
    width: kind === "image" ? 800 : null,
    height: kind === "image" ? 600 : null,
  });
  const files = [file("photo.jpg", "image"), file("chat.pdf", "file")];
  await sendMessage(
    t.db,
    { partnerId: partner.id, senderId: partner.id, fromAdmin: false, body: `${tag} chat text`, idempotencyKey: `${tag}-key-000000000001`, files },
    t.clock.now,
  );
  await sendMessage(
    t.db,
    { partnerId: partner.id, senderId: admin.id, fromAdmin: true, body: `${tag} company answer`, idempotencyKey: `${tag}-key-000000000002`, files: [] },
    t.clock.now,
  );
  await notifyPartner(t.db, partner.id, { kind: "admin", title: `${tag} file note`, message: `${tag} with a file`, createdBy: admin.id }, t.clock.now);
  await notificationAttachmentsInsert(t.db, [file("notice.pdf", "file")], admin.id, t.clock.now);
  // Clicks on the partner's own link, so dashboards and stats have figures.
  for (let i = 0; i < 3; i++) t.clicks.record({ linkId: link.id, at: t.clock.now, ip: `198.51.100.${i}`, userAgent: "Mozilla/5.0", referer: null });
  await t.clicks.flush();
  return link.code;
}

beforeAll(async () => {
  t = await createTestApp();
  a = await givenPartner(t.db, { name: "Alice Own" });
  b = await givenPartner(t.db, { name: `${MARK} Partner`, company: `${MARK} company`, email: `${MARK}@partner.example.ru` });
  admin = await givenPartner(t.db, { role: "admin", name: "Company Admin" });
  codes.a = await givenEverything(a, "alice");
  codes.b = await givenEverything(b, MARK);
});

/** Every partner-side GET path, with its parameters pointing at the objects of `owner`. */
function partnerGetPaths(ids: (name: string) => string): string[] {
  const paths = t.app.routes.filter((r) => r.method === "GET" && !r.path.startsWith("/admin") && r.path !== "/*").map((r) => r.path);
  return [...new Set(paths)].filter((p) => p.startsWith("/")).map((p) => p.replace(/:(\w+)\{?[^/]*/g, (_m, name: string) => ids(name)));
}

// A's rows were created first; with two of some kinds (links, clients) B's ids come after A's.
const aIds = (name: string) => (name === "code" ? codes.a : name === "file" ? "alice-image.webp" : "1");

describe("partner A sees nothing of partner B", () => {
  it("on any GET route, with searches and filters", { timeout: 60_000 }, async () => {
    const cookie = await t.cookieFor(a);
    const paths = partnerGetPaths(aIds);
    const queries = [
      "",
      `?q=${MARK.slice(0, 4)}`,
      "?q=a",
      "?status=all",
      "?page=2",
      "?sort=name",
      "?format=csv",
      "?sort=clicks&status=inactive",
      "?sort=commission",
      // Chat: older pages and polls (B's messages have larger ids than A's).
      "?before=999999",
      "?after=0&v=0&r=0",
      "?after=0&v=999&r=999",
    ];
    let pages = 0;
    for (const path of paths) {
      for (const query of queries) {
        const res = await t.request(`${path}${query}`, { cookie });
        const body = await res.text();
        if (res.status === 200) pages += 1;
        expect(res.status, `${path}${query}`).toBeLessThan(500);
        expect(body.toLowerCase(), `${path}${query}`).not.toContain(MARK);
        expect(body, `${path}${query}`).not.toContain(codes.b);
        expect(body, `${path}${query}`).not.toContain(b.partnerCode);
      }
    }
    expect(pages).toBeGreaterThan(40);
    // The check looked at real data: A's own things are on A's pages.
    expect(await (await t.request("/landings", { cookie })).text()).toContain("alice-image.webp");
    expect(await (await t.request("/clients", { cookie })).text()).toContain("alice client");
    const chat = await (await t.request("/chat", { cookie })).text();
    expect(chat).toContain("alice chat text");
    expect(chat).toContain("alice company answer");
    expect(chat).toContain("alice-chat.pdf");
  });

  it("another partner's chat and notification attachments answer 404, full size and thumbnail", async () => {
    const cookie = await t.cookieFor(a);
    const ofB = await t.db
      .select({ id: attachments.id })
      .from(attachments)
      .where(like(attachments.originalName, `${MARK}-%`));
    expect(ofB).toHaveLength(3);
    for (const { id } of ofB) {
      for (const path of [`/attachments/${id}`, `/attachments/${id}/thumb`]) {
        const res = await t.request(path, { cookie });
        expect(res.status, path).toBe(404);
        expect((await res.text()).toLowerCase(), path).not.toContain(MARK);
      }
    }
    // The same ids are B's own: the 404 above is about who asks, not about the rows (the files are not on disk here).
    const [first] = ofB;
    const row = await t.db
      .select({ id: attachments.id })
      .from(attachments)
      .where(eq(attachments.id, first?.id ?? 0))
      .get();
    expect(row).toBeDefined();
  });

  it("every :id route with B's ids shows nothing of B's; a missing id answers 404", { timeout: 60_000 }, async () => {
    const cookie = await t.cookieFor(a);
    const withIds = t.app.routes.filter((r) => r.method === "GET" && !r.path.startsWith("/admin") && /:(id|clientId|imageId)\b/.test(r.path));
    expect(withIds.length).toBeGreaterThan(5);
    for (const route of withIds) {
      // The second link, client, landing... of a fresh DB belong to B (ids 2–4); 999 is missing.
      for (const id of ["2", "3", "4", "999"]) {
        const path = route.path.replace(/:code\b/, codes.b).replace(/:\w+/g, id);
        const res = await t.request(path, { cookie });
        const body = await res.text();
        expect(body.toLowerCase(), path).not.toContain(MARK);
        if (id === "999") expect([404, 303], path).toContain(res.status);
      }
    }
  });

  it("an admin's pages about partner A show nothing of partner B", { timeout: 60_000 }, async () => {
    const admin = await givenPartner(t.db, { role: "admin", name: "Admin" });
    const cookie = await t.cookieFor(admin);
    const perPartner = t.app.routes.filter((r) => r.method === "GET" && r.path.startsWith("/admin/partners/:id"));
    expect(perPartner.length).toBeGreaterThan(0);
    for (const route of perPartner) {
      const path = route.path.replace(/:id\b[^/]*/, String(a.id)).replace(/:\w+[^/]*/g, "1");
      const res = await t.request(path, { cookie });
      const body = await res.text();
      expect(res.status, path).toBeLessThan(500);
      expect(body.toLowerCase(), path).not.toContain(MARK);
    }
    expect(await (await t.request(`/admin/partners/${a.id}`, { cookie })).text()).toContain("alice client");
  });
});
