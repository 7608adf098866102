/**
 * The node-level redirect in front of Hono (fast-redirect.ts) against the Hono route itself, over
 * real HTTP on loopback: the same bytes, the same click, the same client-IP rules, and everything
 * it does not answer left to Hono unchanged.
 */
import { getRequestListener } from "@hono/node-server";
import { afterEach, describe, expect, it } from "vitest";
import { clicks } from "../db/schema.js";
import { createLink } from "../features/links/links.js";
import { createRedirector } from "../features/links/redirect-routes.js";
import { givenPartner } from "../testing/fixtures.js";
import { closeServers, listen, raw } from "../testing/raw-http.js";
import { createTestApp, type TestApp } from "../testing/test-app.js";
import { withFastRedirect } from "./fast-redirect.js";

const chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36";
afterEach(closeServers);

/** Both ways of answering one test app: `fast` (fast path, then Hono) and `hono` (Hono alone). */
async function given(env: Record<string, string> = {}) {
  const t = await createTestApp(env);
  const hono = getRequestListener(t.app.fetch);
  const redirector = createRedirector({
    redirects: t.redirects,
    clicks: t.clicks,
    now: () => t.clock.now,
    trustedProxies: t.config.TRUSTED_PROXIES,
    hsts: t.config.secureCookies,
  });
  const passed = { count: 0 };
  const fast = await listen(
    withFastRedirect(redirector, (req, res) => {
      passed.count++;
      void hono(req, res);
    }),
  );
  const plain = await listen(hono);
  const partner = await givenPartner(t.db);
  const link = await createLink(
    t.db,
    partner.id,
    { title: "Сайт", targetUrl: "https://example.ru/catalog?ref=1", utmSource: "partner", utmMedium: null, utmCampaign: null, utmContent: null, utmTerm: null },
    t.clock.now,
  );
  return { t, fast, plain, passed, partner, link };
}

async function storedClicks(t: TestApp) {
  await t.clicks.flush();
  return t.db.select().from(clicks);
}

describe("the redirect in front of Hono", () => {
  it.each([
    ["http", {}],
    ["https (HSTS)", { PUBLIC_ORIGIN: "https://cabinet.test" }],
  ] as const)("answers a cached code with exactly the bytes of the Hono route and counts the click (%s)", async (_, env) => {
    const { t, fast, plain, passed, link } = await given(env);
    const headers = { "User-Agent": chrome, Referer: "https://vk.com/wall1" };
    for (const path of [`/r/${link.code}`, `/api/public/r/${link.code}`]) {
      passed.count = 0;
      const viaHono = await raw(plain, path, headers); // also fills the cache
      const viaFast = await raw(fast, path, headers);
      expect(passed.count).toBe(0); // answered in front of Hono
      expect(viaFast).toEqual(viaHono);
      expect(viaFast.head).toContain("location: https://example.ru/catalog?ref=1&utm_source=partner");
      expect(viaFast.head).toContain("cache-control: no-store");
      expect(viaFast.head.includes("strict-transport-security: max-age=31536000; includeSubDomains")).toBe(t.config.secureCookies);
    }
    const rows = await storedClicks(t);
    expect(rows).toHaveLength(4);
    for (const row of rows)
      expect(row).toMatchObject({ linkId: link.id, at: t.clock.now, ip: "127.0.0.0", userAgent: chrome, referer: "https://vk.com/wall1", isBot: false });
  });

  it("takes the visitor's address from X-Forwarded-For only when the peer is a trusted proxy", async () => {
    const forwarded = { "User-Agent": chrome, "X-Forwarded-For": "198.51.100.7, 203.0.113.9" };
    const trusting = await given({ TRUSTED_PROXIES: "127.0.0.1" });
    await raw(trusting.plain, `/r/${trusting.link.code}`, forwarded);
    await raw(trusting.fast, `/r/${trusting.link.code}`, forwarded);
    expect(trusting.passed.count).toBe(0);
    expect((await storedClicks(trusting.t)).map((r) => r.ip)).toEqual(["203.0.113.0", "203.0.113.0"]);

    const direct = await given();
    await raw(direct.plain, `/r/${direct.link.code}`, forwarded);
    await raw(direct.fast, `/r/${direct.link.code}`, forwarded);
    expect(direct.passed.count).toBe(0);
    expect((await storedClicks(direct.t)).map((r) => r.ip)).toEqual(["127.0.0.0", "127.0.0.0"]);
  });

  it("leaves a code not cached yet to Hono, which redirects and fills the cache", async () => {
    const { t, fast, passed, link } = await given();
    const first = await raw(fast, `/r/${link.code}`, { "User-Agent": chrome });
    expect(first.head[0]).toBe("HTTP/1.1 302 Found");
    expect(passed.count).toBe(1);
    await raw(fast, `/r/${link.code}`, { "User-Agent": chrome });
    expect(passed.count).toBe(1);
    expect(await storedClicks(t)).toHaveLength(2);
  });

  it.each(["/r/AAAAAAAAAA", "/r/short", "/r/AAAA%2FAAAAA", "/r/bad!code!!", "/api/public/r/AAAAAAAAAA"])(
    "leaves the unknown or malformed %s to Hono: the visitor's dead-link page, no click",
    async (path) => {
      const { t, fast, plain, passed } = await given();
      for (let i = 0; i < 2; i++) {
        const res = await raw(fast, path);
        expect(res.head[0]).toBe("HTTP/1.1 404 Not Found");
        expect(res.body).toContain("Ссылка больше не работает");
        expect(res.head).toEqual((await raw(plain, path)).head);
      }
      expect(passed.count).toBe(2);
      expect(await storedClicks(t)).toHaveLength(0);
    },
  );

  it("leaves a deactivated link to Hono at once: the 404 page, no click", async () => {
    const { t, fast, passed, partner, link } = await given();
    await raw(fast, `/r/${link.code}`);
    await raw(fast, `/r/${link.code}`);
    expect(passed.count).toBe(1);
    await t.request(`/links/${link.id}/deactivation`, { form: { confirmed: "1" }, cookie: await t.cookieFor(partner) });
    const res = await raw(fast, `/r/${link.code}`);
    expect(res.head[0]).toBe("HTTP/1.1 404 Not Found");
    expect(res.body).toContain("Ссылка больше не работает");
    expect(passed.count).toBe(2);
    expect(await storedClicks(t)).toHaveLength(2);
  });

  it.each([
    ["a query string", "GET", (code: string) => `/r/${code}?utm_source=x`],
    ["a trailing slash", "GET", (code: string) => `/r/${code}/`],
    ["HEAD", "HEAD", (code: string) => `/r/${code}`],
    ["an absolute-form target", "GET", (code: string) => `http://cabinet.test/r/${code}`],
  ])("leaves %s to Hono, which answers as it always did", async (_, method, pathOf) => {
    const { fast, plain, passed, link } = await given();
    await raw(fast, `/r/${link.code}`); // cached from now on
    passed.count = 0;
    const path = pathOf(link.code);
    const viaFast = await raw(fast, path, { "User-Agent": chrome }, method);
    expect(passed.count).toBe(1);
    expect(viaFast).toEqual(await raw(plain, path, { "User-Agent": chrome }, method));
  });
});
