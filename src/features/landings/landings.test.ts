import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { landingImages, landings } from "../../db/schema.js";
import { givenPartner, snapshot } from "../../testing/fixtures.js";
import { createTestApp, TEST_ORIGIN, type TestApp } from "../../testing/test-app.js";
import { createLanding, listImages } from "./landings.js";

const uploads = mkdtempSync(join(tmpdir(), "cabinet-uploads-"));
afterAll(() => rmSync(uploads, { recursive: true, force: true }));

let t: TestApp;
let partner: Awaited<ReturnType<typeof givenPartner>>;
let cookie: string;
beforeEach(async () => {
  t = await createTestApp({ UPLOAD_DIR: uploads });
  partner = await givenPartner(t.db);
  cookie = await t.cookieFor(partner);
});
const form = { title: "Осенняя", header_text: "Скидки до 30 %", description: "Первая строка\nВторая", button_text: "Хочу", theme_color: "#1A73E8" };
const givenLanding = (partnerId = partner.id) =>
  createLanding(t.db, partnerId, { title: "Моя", headerText: "H", description: "D", buttonText: "B", themeColor: "#123456" }, t.clock.now);
const png = (w = 40, h = 30) =>
  sharp({ create: { width: w, height: h, channels: 3, background: "#ff0000" } })
    .png()
    .toBuffer();

function upload(landingId: number, files: Array<{ name: string; type: string; bytes: Uint8Array }>) {
  const body = new FormData();
  for (const f of files) body.append("images", new File([new Uint8Array(f.bytes)], f.name, { type: f.type }));
  return t.app.request(
    `${TEST_ORIGIN}/landings/${landingId}/images`,
    { method: "POST", body, headers: { cookie, origin: TEST_ORIGIN } },
    { incoming: { socket: { remoteAddress: "203.0.113.1" } } },
  );
}

describe("POST /landings", () => {
  it("creates a landing (colour lower-cased) and opens the editor", async () => {
    const res = await t.request("/landings", { cookie, form });
    expect(res.status).toBe(303);
    const [row] = await t.db.select().from(landings);
    expect(row).toMatchObject({ partnerId: partner.id, title: "Осенняя", themeColor: "#1a73e8", isActive: true, description: "Первая строка\nВторая" });
    expect(res.headers.get("location")).toBe(`/landings/${row?.id}/edit`);
  });

  it.each([
    [{ ...form, theme_color: "red" }, "Укажите цвет в формате #RRGGBB"],
    [{ ...form, theme_color: "#12345" }, "Укажите цвет в формате #RRGGBB"],
    [{ ...form, header_text: "" }, "Заполните поле"],
    [{ ...form, title: "т".repeat(5_000) }, "Не длиннее 200 символов"],
  ])("refuses bad input by the field (%#) and stores nothing", async (bad, message) => {
    const before = await snapshot(t.client);
    const res = await t.request("/landings", { cookie, form: bad });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain(message);
    expect(await snapshot(t.client)).toBe(before);
  });
});

describe("the landing editor", () => {
  it("shows the editor with a live preview that renders unsaved values and stores nothing", async () => {
    const landing = await givenLanding();
    const page = await (await t.request(`/landings/${landing.id}/edit`, { cookie })).text();
    expect(page).toContain(`hx-post="/landings/${landing.id}/preview"`);
    const before = await snapshot(t.client);
    const preview = await t.request(`/landings/${landing.id}/preview`, {
      cookie,
      form: { ...form, header_text: "<b>Новый</b>", theme_color: "#ffcc00" },
      headers: { "hx-request": "true" },
    });
    const html = await preview.text();
    expect(html).toContain("&lt;b&gt;Новый&lt;/b&gt;");
    expect(html).toContain('fill="#ffcc00"');
    expect(html).toContain("lp-band-light");
    expect(await snapshot(t.client)).toBe(before);
  });

  it("saves, deactivates and reactivates", async () => {
    const landing = await givenLanding();
    expect((await t.request(`/landings/${landing.id}`, { cookie, form })).status).toBe(303);
    await t.request(`/landings/${landing.id}/deactivation`, { cookie, form: { confirmed: "1" } });
    expect((await t.db.select().from(landings))[0]).toMatchObject({ title: "Осенняя", isActive: false });
    await t.request(`/landings/${landing.id}/activation`, { method: "POST", cookie });
    expect((await t.db.select().from(landings))[0]?.isActive).toBe(true);
  });

  it.each([
    ["GET", "/edit"],
    ["POST", ""],
    ["POST", "/preview"],
    ["POST", "/deactivation"],
    ["POST", "/images/1/deletion"],
    ["POST", "/images/1/move"],
  ])("answers 404 to %s on another partner's landing (…%s)", async (method, suffix) => {
    const other = await givenLanding((await givenPartner(t.db)).id);
    const before = await snapshot(t.client);
    const res = await t.request(`/landings/${other.id}${suffix}`, { method, cookie, form: method === "POST" ? form : undefined });
    expect(res.status).toBe(404);
    expect(await snapshot(t.client)).toBe(before);
  });

  it("lists only the partner's landings", async () => {
    await givenLanding();
    await createLanding(
      t.db,
      (await givenPartner(t.db)).id,
      { title: "Чужой", headerText: "H", description: "D", buttonText: "B", themeColor: "#123456" },
      t.clock.now,
    );
    const html = await (await t.request("/landings", { cookie })).text();
    expect(html).toContain("Моя");
    expect(html).not.toContain("Чужой");
  });
});

describe("POST /landings/:id/images", () => {
  it("stores several images re-encoded under random names, in order, and serves them cached", async () => {
    const landing = await givenLanding();
    const res = await upload(landing.id, [
      { name: "a.png", type: "image/png", bytes: await png(40, 30) },
      {
        name: "b.jpg",
        type: "image/jpeg",
        bytes: await sharp({ create: { width: 20, height: 20, channels: 3, background: "#00ff00" } })
          .jpeg()
          .toBuffer(),
      },
    ]);
    expect(res.status).toBe(303);
    const images = await listImages(t.db, landing.id);
    expect(images.map((i) => [i.mime, i.width, i.height, i.sortOrder])).toEqual([
      ["image/png", 40, 30, 1],
      ["image/jpeg", 20, 20, 2],
    ]);
    expect(images[0]?.fileName).toMatch(/^[0-9a-f]{32}\.png$/);
    const served = await t.request(`/media/landings/${images[0]?.fileName}`);
    expect(served.headers.get("content-type")).toBe("image/png");
    expect(served.headers.get("cache-control")).toContain("immutable");
  });

  it.each([
    ["a PNG that is really a script", "evil.png", "image/png", new TextEncoder().encode("<script>alert(1)</script>"), "это не JPEG, PNG, WebP или GIF", 415],
    [
      "an SVG",
      "logo.svg",
      "image/svg+xml",
      new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
      "это не JPEG, PNG, WebP или GIF",
      415,
    ],
    ["a 6 MB image", "big.png", "image/png", new Uint8Array(6 * 1024 * 1024), "файл больше 5 МБ", 413],
    ["a truncated PNG", "half.png", "image/png", new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0]), "файл повреждён", 415],
  ])("refuses %s with a message and stores nothing", async (_label, name, type, bytes, message, status) => {
    const landing = await givenLanding();
    const filesBefore = existsSync(join(uploads, "landings")) ? readdirSync(join(uploads, "landings")).length : 0;
    const before = await snapshot(t.client);
    const res = await upload(landing.id, [
      { name: "ok.png", type: "image/png", bytes: await png() },
      { name, type, bytes },
    ]);
    expect(res.status).toBe(status);
    expect(await res.text()).toContain(message);
    expect(await snapshot(t.client)).toBe(before);
    const filesAfter = existsSync(join(uploads, "landings")) ? readdirSync(join(uploads, "landings")).length : 0;
    expect(filesAfter).toBe(filesBefore);
  });

  it("reorders and deletes images (the file goes too)", async () => {
    const landing = await givenLanding();
    await upload(landing.id, [
      { name: "1.png", type: "image/png", bytes: await png(10, 10) },
      { name: "2.png", type: "image/png", bytes: await png(20, 20) },
    ]);
    const [first, second] = await listImages(t.db, landing.id);
    await t.request(`/landings/${landing.id}/images/${second?.id}/move`, { cookie, form: { direction: "up" } });
    expect((await listImages(t.db, landing.id)).map((i) => i.id)).toEqual([second?.id, first?.id]);
    await t.request(`/landings/${landing.id}/images/${first?.id}/deletion`, { cookie, form: { confirmed: "1" } });
    expect(await t.db.$count(landingImages)).toBe(1);
    expect(existsSync(join(uploads, "landings", first?.fileName ?? ""))).toBe(false);
    expect((await t.request(`/media/landings/${first?.fileName}`)).status).toBe(404);
  });
});
