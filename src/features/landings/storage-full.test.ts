/**
 * SECURITY.md F8: a full disk, a full database and an unwritable upload dir. Each write answers 503
 * with Retry-After and a Russian page, stores nothing (no row, no file, no temp file), reads keep
 * working, and writes work again once there is room, without a restart.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Client } from "@libsql/client";
import sharp from "sharp";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { clients, landingImages, landings } from "../../db/schema.js";
import { givenPartner, snapshot } from "../../testing/fixtures.js";
import { createTestApp, TEST_ORIGIN, type TestApp } from "../../testing/test-app.js";
import { createLink } from "../links/links.js";
import { createLanding } from "./landings.js";

const uploads = mkdtempSync(join(tmpdir(), "cabinet-uploads-full-"));
afterAll(() => rmSync(uploads, { recursive: true, force: true }));

/**
 * A directory nobody can write to, root included (tests may run as root, where chmod stops
 * nothing): sysfs is read-only for every user. Without /sys, a 0555 directory (non-root only).
 */
function unwritableDir(): string {
  const sys = "/sys/cabinet-uploads-test";
  try {
    mkdirSync(join(sys, "landings"), { recursive: true });
  } catch {
    return sys;
  }
  throw new Error("/sys is writable here: cannot simulate a read-only upload dir");
}

/** Fills the database: no page may be added (max_page_count = page_count) and the free pages are used up. */
async function fillDatabase(client: Client): Promise<void> {
  const pages = Number((await client.execute("pragma page_count")).rows[0]?.page_count);
  await client.execute(`pragma max_page_count = ${pages}`);
  try {
    await client.execute("create table if not exists test_fill (x blob)");
    for (let i = 0; i < 10_000; i++) await client.execute("insert into test_fill values (zeroblob(3000))");
  } catch (error) {
    expect(String(error)).toContain("SQLITE_FULL");
  }
}
const freeDatabase = (client: Client) => client.execute("pragma max_page_count = 1073741823");

const partials = () => (existsSync(join(uploads, "landings")) ? readdirSync(join(uploads, "landings")).filter((f) => f.endsWith(".partial")) : []);
const png = (w = 40, h = 30) =>
  sharp({ create: { width: w, height: h, channels: 3, background: "#ff0000" } })
    .png()
    .toBuffer();

let t: TestApp;
let partner: Awaited<ReturnType<typeof givenPartner>>;
let cookie: string;
const givenLanding = () =>
  createLanding(t.db, partner.id, { title: "Моя", headerText: "H", description: "D", buttonText: "B", themeColor: "#123456" }, t.clock.now);

async function setUp(env: Record<string, string>) {
  t = await createTestApp(env);
  partner = await givenPartner(t.db);
  cookie = await t.cookieFor(partner);
}

async function upload(landingId: number) {
  const body = new FormData();
  body.append("images", new File([new Uint8Array(await png())], "a.png", { type: "image/png" }));
  return t.app.request(
    `${TEST_ORIGIN}/landings/${landingId}/images`,
    { method: "POST", body, headers: { cookie, origin: TEST_ORIGIN } },
    { incoming: { socket: { remoteAddress: "203.0.113.1" } } },
  );
}

describe("an upload dir nobody can write to", () => {
  it("answers 503 with Retry-After, stores nothing, and pages still open", async () => {
    await setUp({ UPLOAD_DIR: unwritableDir() });
    const landing = await givenLanding();
    const before = await snapshot(t.client);
    const res = await upload(landing.id);
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("60");
    const html = await res.text();
    expect(html).toContain("Сервер временно не может сохранить данные");
    expect(html).not.toContain("at ");
    expect(await snapshot(t.client)).toBe(before);
    expect(t.logLines.some((l) => l.includes("storage unavailable") && !l.includes("stack"))).toBe(true);
    expect((await t.request(`/landings/${landing.id}/edit`, { cookie })).status).toBe(200);
    expect((await t.request("/dashboard", { cookie })).status).toBe(200);
  });
});

describe("a full or read-only database", () => {
  beforeEach(() => setUp({ UPLOAD_DIR: uploads }));

  it("refuses an image upload to a read-only database (SQLITE_READONLY) with 503 and leaves no file or temp file, then accepts it", async () => {
    const landing = await givenLanding();
    const files = existsSync(join(uploads, "landings")) ? readdirSync(join(uploads, "landings")).length : 0;
    await t.client.execute("pragma query_only = 1");
    const res = await upload(landing.id);
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("60");
    expect(await res.text()).toContain("Сервер временно не может сохранить данные");
    expect(await t.db.$count(landingImages)).toBe(0);
    expect(readdirSync(join(uploads, "landings")).length).toBe(files);
    expect(partials()).toEqual([]);
    expect((await t.request(`/landings/${landing.id}/edit`, { cookie })).status).toBe(200);

    await t.client.execute("pragma query_only = 0");
    expect((await upload(landing.id)).status).toBe(303);
    expect(await t.db.$count(landingImages)).toBe(1);
  });

  it("answers a cabinet form with 503 and a page that sends the typed fields again", async () => {
    await fillDatabase(t.client);
    // Longer than a page (3-byte characters): the row needs an overflow page, which a full database cannot give.
    const description = "漢字".repeat(1000);
    const form = { title: "Зимняя", header_text: "Скидки", description, button_text: "Хочу", theme_color: "#1a73e8" };
    const res = await t.request("/landings", { cookie, form });
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("60");
    const html = await res.text();
    expect(html).toContain("На сервере закончилось место");
    expect(html).toContain('<form method="post" action="/landings"');
    expect(html).toContain('name="title" value="Зимняя"');
    expect(html).toContain(description);
    expect(await t.db.$count(landings)).toBe(0);

    await freeDatabase(t.client);
    expect((await t.request("/landings", { cookie, form })).status).toBe(303);
    expect(await t.db.$count(landings)).toBe(1);
  });

  it.each(["/l", "/embed"])("answers the visitor's lead form on %s/:code with 503, their input kept, never a success page", async (prefix) => {
    const landing = await givenLanding();
    const link = await createLink(
      t.db,
      partner.id,
      {
        title: "L",
        linkType: prefix === "/l" ? "landing" : "iframe",
        targetUrl: null,
        landingId: prefix === "/l" ? landing.id : null,
        utmSource: null,
        utmMedium: null,
        utmCampaign: null,
        utmContent: null,
        utmTerm: null,
      },
      t.clock.now,
    );
    const path = `${prefix}/${link.code}`;
    const token = async () => {
      const page = await (await t.request(path)).text();
      t.clock.advance(5_000);
      return page.match(/name="form_token" value="([^"]+)"/)?.[1] ?? "";
    };
    // A comment longer than a page needs an overflow page, which a full database cannot give.
    const lead = { name: "Мария Иванова", phone: "8 (912) 345-67-89", email: "", company: "", comment: "漢".repeat(1900) };
    const first = await token();
    await fillDatabase(t.client);
    const res = await t.request(path, { form: { ...lead, form_token: first } });
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("60");
    const html = await res.text();
    expect(html).toContain("Заявка не сохранена");
    expect(html).toContain('value="Мария Иванова"');
    expect(html).toContain(lead.comment);
    expect(await t.db.$count(clients)).toBe(0);

    await freeDatabase(t.client);
    const again = html.match(/name="form_token" value="([^"]+)"/)?.[1] ?? "";
    t.clock.advance(5_000);
    const saved = await t.request(path, { form: { ...lead, form_token: again } });
    expect(saved.status).toBe(303);
    expect(await t.db.$count(clients)).toBe(1);
  });
});
