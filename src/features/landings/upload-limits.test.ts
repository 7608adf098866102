/**
 * Streaming uploads (issue 10): limits enforced while the body is read, temp files always removed,
 * at most 20 images per landing and a stored-bytes quota per partner.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { landingImages } from "../../db/schema.js";
import { givenPartner, snapshot } from "../../testing/fixtures.js";
import { createTestApp, TEST_ORIGIN, type TestApp } from "../../testing/test-app.js";
import { MAX_IMAGES_PER_LANDING, PARTNER_IMAGE_QUOTA_BYTES } from "./image-upload.js";
import { addImages, createLanding, listImages } from "./landings.js";
import { MAX_IMAGE_BYTES, MAX_UPLOAD_BYTES } from "./upload-stream.js";

const uploads = mkdtempSync(join(tmpdir(), "cabinet-uploads-limits-"));
afterAll(() => rmSync(uploads, { recursive: true, force: true }));

let t: TestApp;
let partner: Awaited<ReturnType<typeof givenPartner>>;
let cookie: string;
beforeEach(async () => {
  t = await createTestApp({ UPLOAD_DIR: uploads });
  partner = await givenPartner(t.db);
  cookie = await t.cookieFor(partner);
});
const givenLanding = (partnerId = partner.id) =>
  createLanding(t.db, partnerId, { title: "Моя", headerText: "H", description: "D", buttonText: "B", themeColor: "#123456" }, t.clock.now);
const png = () =>
  sharp({ create: { width: 12, height: 10, channels: 3, background: "#00ff00" } })
    .png()
    .toBuffer();
const filesOnDisk = () => (existsSync(join(uploads, "landings")) ? readdirSync(join(uploads, "landings")) : []);
const env = { incoming: { socket: { remoteAddress: "203.0.113.1" } } };

async function upload(landingId: number, count: number) {
  const body = new FormData();
  const bytes = new Uint8Array(await png());
  for (let i = 0; i < count; i++) body.append("images", new File([bytes], `${i}.png`, { type: "image/png" }));
  return t.app.request(`${TEST_ORIGIN}/landings/${landingId}/images`, { method: "POST", body, headers: { cookie, origin: TEST_ORIGIN } }, env);
}

/** A chunked multipart body (no Content-Length) generated as it is read: `files` parts of `fileBytes` zero bytes after `preamble` bytes. */
function chunkedUpload(landingId: number, o: { preamble: number; files: number; fileBytes: number }) {
  const boundary = "----cabinet-test-boundary";
  const encoder = new TextEncoder();
  const chunk = new Uint8Array(64 * 1024);
  let sent = 0;
  async function* parts() {
    for (let left = o.preamble; left > 0; left -= chunk.length) yield chunk.subarray(0, Math.min(chunk.length, left));
    for (let f = 0; f < o.files; f++) {
      yield encoder.encode(`\r\n--${boundary}\r\nContent-Disposition: form-data; name="images"; filename="${f}.png"\r\nContent-Type: image/png\r\n\r\n`);
      for (let left = o.fileBytes; left > 0; left -= chunk.length) yield chunk.subarray(0, Math.min(chunk.length, left));
    }
    yield encoder.encode(`\r\n--${boundary}--\r\n`);
  }
  const iterator = parts();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) controller.close();
      else {
        sent += next.value.length;
        controller.enqueue(next.value.slice());
      }
    },
  });
  const res = t.app.request(
    `${TEST_ORIGIN}/landings/${landingId}/images`,
    {
      method: "POST",
      body,
      duplex: "half",
      headers: { cookie, origin: TEST_ORIGIN, "content-type": `multipart/form-data; boundary=${boundary}` },
    } as RequestInit,
    env,
  );
  return { res, sent: () => sent };
}

describe("streamed uploads", () => {
  it("stores a chunked upload with no Content-Length", async () => {
    const landing = await givenLanding();
    const boundary = "b0undary";
    const head = new TextEncoder().encode(
      `--${boundary}\r\nContent-Disposition: form-data; name="images"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`,
    );
    const tail = new TextEncoder().encode(`\r\n--${boundary}--\r\n`);
    const parts = [head, new Uint8Array(await png()), tail];
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = parts.shift();
        if (next) controller.enqueue(next);
        else controller.close();
      },
    });
    const res = await t.app.request(
      `${TEST_ORIGIN}/landings/${landing.id}/images`,
      {
        method: "POST",
        body,
        duplex: "half",
        headers: { cookie, origin: TEST_ORIGIN, "content-type": `multipart/form-data; boundary=${boundary}` },
      } as RequestInit,
      env,
    );
    expect(res.status).toBe(303);
    expect(await listImages(t.db, landing.id)).toHaveLength(1);
  });

  it("stops a chunked body at the request limit while reading it: 413, nothing stored, no temp file", async () => {
    const landing = await givenLanding();
    const before = await snapshot(t.client);
    const files = filesOnDisk().length;
    const upload = chunkedUpload(landing.id, { preamble: 2 * 1024 * 1024, files: 10, fileBytes: MAX_IMAGE_BYTES });
    const res = await upload.res;
    expect(res.status).toBe(413);
    expect(res.headers.get("connection")).toBe("close");
    expect(await res.text()).toContain("Файлы вместе больше 50 МБ");
    // Read up to the limit and not much further.
    expect(upload.sent()).toBeLessThan(MAX_UPLOAD_BYTES + 1024 * 1024);
    expect(await snapshot(t.client)).toBe(before);
    expect(filesOnDisk().length).toBe(files);
    expect(filesOnDisk().filter((f) => f.endsWith(".partial"))).toEqual([]);
  });

  it("stops a file at 5 MB while reading it: 413 naming the file, no temp file", async () => {
    const landing = await givenLanding();
    const files = filesOnDisk().length;
    const res = await chunkedUpload(landing.id, { preamble: 0, files: 2, fileBytes: MAX_IMAGE_BYTES + 1 }).res;
    expect(res.status).toBe(413);
    expect(await res.text()).toContain("«0.png»: файл больше 5 МБ");
    expect(await t.db.$count(landingImages)).toBe(0);
    expect(filesOnDisk().length).toBe(files);
  });

  it("refuses a declared Content-Length over the limit before the handler reads anything", async () => {
    const landing = await givenLanding();
    const res = await t.app.request(
      `${TEST_ORIGIN}/landings/${landing.id}/images`,
      {
        method: "POST",
        body: "x",
        headers: { cookie, origin: TEST_ORIGIN, "content-type": "multipart/form-data; boundary=x", "content-length": String(MAX_UPLOAD_BYTES + 1) },
      },
      env,
    );
    expect(res.status).toBe(413);
  });
});

describe("caps", () => {
  it(`keeps a landing at ${MAX_IMAGES_PER_LANDING} images: the upload that would pass it stores nothing`, async () => {
    const landing = await givenLanding();
    expect((await upload(landing.id, 10)).status).toBe(303);
    expect((await upload(landing.id, 8)).status).toBe(303);
    const files = filesOnDisk().length;
    const before = await snapshot(t.client);
    const over = await upload(landing.id, 3);
    expect(over.status).toBe(422);
    expect(await over.text()).toContain("На лендинге может быть не больше 20 картинок: можно добавить ещё 2");
    expect(await snapshot(t.client)).toBe(before);
    expect(filesOnDisk().length).toBe(files);
    expect((await upload(landing.id, 2)).status).toBe(303);
    const full = await upload(landing.id, 1);
    expect(full.status).toBe(422);
    expect(await full.text()).toContain("На лендинге уже 20 картинок");
    expect(await listImages(t.db, landing.id)).toHaveLength(MAX_IMAGES_PER_LANDING);
  });

  it("keeps a partner within the stored-bytes quota across all their landings", async () => {
    const other = await givenLanding();
    const image = (bytes: number) => ({ fileName: `${"a".repeat(31)}${bytes % 10}.png`, mime: "image/png", width: 1, height: 1, bytes });
    await addImages(t.db, other.id, [image(PARTNER_IMAGE_QUOTA_BYTES - 50)], t.clock.now);
    const landing = await givenLanding();
    const files = filesOnDisk().length;
    const res = await upload(landing.id, 1);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("Место для картинок закончилось: ваши лендинги занимают 200 из 200 МБ");
    expect(await listImages(t.db, landing.id)).toHaveLength(0);
    expect(filesOnDisk().length).toBe(files);
    // Another partner's images do not count.
    const stranger = await givenPartner(t.db);
    cookie = await t.cookieFor(stranger);
    const theirs = await givenLanding(stranger.id);
    expect((await upload(theirs.id, 1)).status).toBe(303);
  });
});

describe("broken multipart bodies", () => {
  const boundary = "XYZ";
  const cases: Array<[string, string]> = [
    ["no boundary at all", "garbage"],
    ["a part cut off before its end", `--${boundary}\r\nContent-Disposition: form-data; name="images"; filename="a.png"\r\nContent-Type: image/png\r\n\r\nabc`],
    ["a header block cut off", `--${boundary}\r\nContent-Disposition: form-data; name="images"; filena`],
    ["an unknown field then the end", `--${boundary}\r\nContent-Disposition: form-data; name="x"\r\n\r\n1\r\n--${boundary}`],
    [
      "an oversized file cut off",
      `--${boundary}\r\nContent-Disposition: form-data; name="images"; filename="a.png"\r\n\r\n${"a".repeat(MAX_IMAGE_BYTES + 10)}`,
    ],
  ];
  it.each(cases)("%s: a 4xx, no temp file, no row, and no stray error event (it would crash the process)", async (_name, text) => {
    const landing = await givenLanding();
    const stray: unknown[] = [];
    const onStray = (error: unknown) => stray.push(error);
    process.on("uncaughtException", onStray);
    try {
      const res = await t.app.request(
        `${TEST_ORIGIN}/landings/${landing.id}/images`,
        { method: "POST", body: text, headers: { cookie, origin: TEST_ORIGIN, "content-type": `multipart/form-data; boundary=${boundary}` } },
        env,
      );
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      // Give late stream events a turn to fire.
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      process.off("uncaughtException", onStray);
    }
    expect(stray).toEqual([]);
    expect(filesOnDisk().filter((f) => f.endsWith(".partial"))).toEqual([]);
    expect(await listImages(t.db, landing.id)).toEqual([]);
  });
});
