/**
 * Attachment storage (issue 12): every accepted type is stored under a random name (images
 * re-encoded with a thumbnail and no EXIF, the rest byte for byte); every disguise is refused naming
 * the file, all or nothing; the streaming reader keeps its limits and never leaves a temp file.
 */
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { crc32 } from "node:zlib";
import fc from "fast-check";
import sharp from "sharp";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { discardReceived, type ReceivedFile, randomName, receiveForm } from "../../lib/upload-stream.js";
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS_PER_MESSAGE } from "./attachments.js";
import * as sample from "./sample-files.js";
import { attachmentDir, cleanFileName, removeStoredAttachments, storeAttachments } from "./store.js";

let uploads: string;
let dir: string;
beforeEach(async () => {
  uploads = await mkdtemp(join(tmpdir(), "attachments-store-"));
  dir = attachmentDir(uploads);
  await mkdir(dir, { recursive: true });
});
afterEach(() => rm(uploads, { recursive: true, force: true }));

/** A received file as the reader leaves it: a `.partial` temp file in the attachments folder. */
async function received(name: string, bytes: Uint8Array): Promise<ReceivedFile> {
  const path = join(dir, `${randomName()}.partial`);
  await writeFile(path, bytes);
  return { name, path, bytes: bytes.byteLength };
}
const onDisk = () => readdir(dir);

const cp1251 = Uint8Array.from([0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2, 0x3b, 0x31, 0x0d, 0x0a]); // "Привет;1\r\n"

describe("accepted types", () => {
  const files: [name: string, bytes: () => Uint8Array | Promise<Uint8Array>, mime: string, ext: string][] = [
    ["отчёт.pdf", sample.pdf, "application/pdf", "pdf"],
    ["договор.docx", sample.docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"],
    ["таблица.xlsx", sample.xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"],
    ["письмо.odt", sample.odt, "application/vnd.oasis.opendocument.text", "odt"],
    ["расчёт.ods", sample.ods, "application/vnd.oasis.opendocument.spreadsheet", "ods"],
    ["архив.zip", sample.zip, "application/zip", "zip"],
    ["заметка.txt", () => sample.text("Привет, мир\n1 < 2\n"), "text/plain; charset=utf-8", "txt"],
    ["выгрузка.csv", () => cp1251, "text/csv; charset=windows-1251", "csv"],
  ];
  it.each(files)("%s is stored byte for byte under a random name with its mime", async (name, make, mime, ext) => {
    const bytes = await make();
    const result = await storeAttachments(uploads, [await received(name, bytes)]);
    if (!result.ok) throw new Error(result.problem);
    const [file] = result.stored;
    expect(file).toMatchObject({ originalName: name, mime, kind: "file", bytes: bytes.byteLength, thumbName: null, width: null, height: null });
    expect(file?.storedName).toMatch(new RegExp(`^[0-9a-f]{32}\\.${ext}$`));
    expect(new Uint8Array(await readFile(join(dir, file?.storedName ?? "")))).toEqual(bytes);
    expect(await onDisk()).toEqual([file?.storedName]);
  });

  it.each([
    ["фото.jpg", sample.jpeg, "image/jpeg", "jpg"],
    ["фото.jpeg", sample.png, "image/png", "png"],
    ["снимок.png", sample.png, "image/png", "png"],
    ["кадр.webp", sample.webp, "image/webp", "webp"],
    ["анимация.gif", sample.gif, "image/gif", "gif"],
  ] as const)("image %s is re-encoded with a webp thumbnail; the stored name gets the real extension", async (name, make, mime, ext) => {
    const result = await storeAttachments(uploads, [await received(name, await make(3000, 20))]);
    if (!result.ok) throw new Error(result.problem);
    const [file] = result.stored;
    expect(file).toMatchObject({ originalName: name, mime, kind: "image", width: 2560, height: 17 });
    expect(file?.storedName).toMatch(new RegExp(`^[0-9a-f]{32}\\.${ext}$`));
    const thumb = await sharp(join(dir, file?.thumbName ?? "")).metadata();
    expect(thumb.format).toBe("webp");
    expect(thumb.width).toBe(480);
    expect((await onDisk()).sort()).toEqual([file?.storedName, file?.thumbName].sort());
  });

  it("strips EXIF with GPS from a re-encoded photo", async () => {
    const bytes = await sample.jpegWithGps();
    expect((await sharp(bytes).metadata()).exif?.toString("latin1")).toContain("PhoneMaker");
    const result = await storeAttachments(uploads, [await received("IMG_0001.JPG", bytes)]);
    if (!result.ok) throw new Error(result.problem);
    for (const name of [result.stored[0]?.storedName, result.stored[0]?.thumbName]) {
      const stored = await readFile(join(dir, name ?? ""));
      expect((await sharp(stored).metadata()).exif).toBeUndefined();
      expect(stored.toString("latin1")).not.toContain("PhoneMaker");
    }
  });
});

describe("refusals name the file and store nothing", () => {
  const disguises: [name: string, bytes: () => Uint8Array | Promise<Uint8Array>, problem: string][] = [
    ["рисунок.svg", () => sample.text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), "unsupported"],
    ["страница.html", () => sample.text("<!doctype html><script>alert(1)</script>"), "unsupported"],
    ["setup.exe", () => sample.text("MZ\x90\x00"), "unsupported"],
    ["старый.doc", () => Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), "unsupported"],
    ["без-расширения", sample.pdf, "unsupported"],
    ["счёт.docx", sample.pdf, "mismatch"],
    ["картинка.pdf", sample.png, "mismatch"],
    ["фото.png", () => sample.text("<html><script>alert(1)</script></html>"), "mismatch"],
    ["фото.jpg", sample.pdf, "mismatch"],
    ["архив.docx", sample.zip, "mismatch"],
    ["таблица.xlsx", sample.docx, "mismatch"],
    ["текст.odt", sample.ods, "mismatch"],
    ["обрезан.zip", () => sample.zip().subarray(0, 40), "mismatch"],
    ["заметка.txt", () => sample.text("  <html><body>hi</body></html>"), "mismatch"],
    ["заметка.txt", () => sample.text(`hello\n${"x".repeat(300)}<script>alert(1)</script>`), "mismatch"],
    ["данные.csv", () => sample.text("<?xml version='1.0'?><svg/>"), "mismatch"],
    ["данные.csv", () => sample.text("a;b\n1;\u0000\n"), "mismatch"],
    ["двоичный.txt", sample.png, "mismatch"],
    ["битая.png", async () => (await sample.png()).subarray(0, 60), "broken"],
    ["пустой.pdf", () => new Uint8Array(0), "empty"],
  ];
  it.each(disguises)("%s → %s, and the good file before it is removed", async (name, make, problem) => {
    const good = await received("хороший.pdf", sample.pdf());
    const bad = await received(name, await make());
    const result = await storeAttachments(uploads, [good, bad]);
    expect(result).toEqual({ ok: false, problem, name });
    expect(await onDisk()).toEqual([]);
  });

  it("refuses a file over 10 MB and leaves nothing in the folder", async () => {
    const big = await received("большой.pdf", sample.concat([sample.pdf(), new Uint8Array(MAX_ATTACHMENT_BYTES)]));
    expect(await storeAttachments(uploads, [big])).toEqual({ ok: false, problem: "too_large", name: "большой.pdf" });
    expect(await onDisk()).toEqual([]);
  });

  it("refuses a pixel flood before decoding it", async () => {
    // A small PNG whose header (with a valid CRC) declares 20 000 × 20 000 pixels.
    const flood = Buffer.from(await sample.png());
    flood.writeUInt32BE(20_000, 16);
    flood.writeUInt32BE(20_000, 20);
    flood.writeUInt32BE(crc32(flood.subarray(12, 29)), 29);
    await expect(sharp(flood, { limitInputPixels: false }).metadata()).resolves.toMatchObject({ width: 20_000, height: 20_000 });
    const result = await storeAttachments(uploads, [await received("flood.png", new Uint8Array(flood))]);
    expect(result).toEqual({ ok: false, problem: "broken", name: "flood.png" });
    expect(await onDisk()).toEqual([]);
  });

  it("removeStoredAttachments removes files and thumbnails", async () => {
    const result = await storeAttachments(uploads, [await received("a.png", await sample.png()), await received("b.pdf", sample.pdf())]);
    if (!result.ok) throw new Error(result.problem);
    expect(await onDisk()).toHaveLength(3);
    await removeStoredAttachments(uploads, result.stored);
    expect(await onDisk()).toEqual([]);
  });
});

describe("cleanFileName", () => {
  it.each([
    ["../../etc/passwd", "passwd"],
    ["C:\\Users\\Иван\\Документы\\отчёт.pdf", "отчёт.pdf"],
    ["evil\u202egpj.exe", "evilgpj.exe"],
    ["a\u0000b\u001f\u200bc.txt", "abc.txt"],
    ["  .hidden.txt ", "hidden.txt"],
    ["Прайс-лист.xlsx", "Прайс-лист.xlsx"],
    ["\u0439.txt", "й.txt"],
    ["..", "файл"],
    ["", "файл"],
  ])("%j → %j", (raw, clean) => {
    expect(cleanFileName(raw, "файл")).toBe(clean);
  });
  it("keeps the extension when cutting to 200 characters", () => {
    const name = cleanFileName(`${"Я".repeat(300)}.pdf`);
    expect([...name]).toHaveLength(200);
    expect(name.endsWith("Я.pdf")).toBe(true);
  });
  it("never returns a path, a control character or more than 200 characters", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 400 }), (raw) => {
        const name = cleanFileName(raw);
        expect(name).not.toMatch(/[\\/\u0000-\u001f\u202a-\u202e\u2066-\u2069]/);
        expect([...name].length).toBeLessThanOrEqual(200);
        expect(name.length).toBeGreaterThan(0);
        expect(name).toBe(name.normalize("NFC"));
      }),
    );
  });
});

/** A multipart body as a browser sends it: text fields first, then the files. */
function multipartBody(fields: [string, string][], files: [field: string, name: string, bytes: Uint8Array][]) {
  const boundary = "----attachments-test";
  const enc = new TextEncoder();
  const parts: Uint8Array[] = [];
  for (const [name, value] of fields) parts.push(enc.encode(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  for (const [field, name, bytes] of files) {
    parts.push(
      enc.encode(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    );
    parts.push(bytes, enc.encode("\r\n"));
  }
  parts.push(enc.encode(`--${boundary}--\r\n`));
  return { body: Buffer.from(sample.concat(parts)), type: `multipart/form-data; boundary=${boundary}` };
}
const limits = {
  field: "files",
  maxFileBytes: MAX_ATTACHMENT_BYTES,
  maxFiles: MAX_ATTACHMENTS_PER_MESSAGE,
  maxRequestBytes: MAX_ATTACHMENTS_PER_MESSAGE * MAX_ATTACHMENT_BYTES + 64 * 1024,
  textFields: { body: 100, key: 20 },
  keepEmpty: true,
};
const receive = (body: Buffer, type: string, l = limits) => receiveForm(Readable.from([body]), type, dir, l);
const partials = async () => (existsSync(dir) ? (await readdir(dir)).filter((f) => f.endsWith(".partial")) : []);

describe("the streaming reader", () => {
  it("keeps the named text fields and the files under their UTF-8 names", async () => {
    const { body, type } = multipartBody(
      [
        ["body", "Привет"],
        ["key", "k1"],
        ["other", "ignored"],
      ],
      [["files", "счёт.pdf", sample.pdf()]],
    );
    const result = await receive(body, type);
    if (!result.ok) throw new Error(result.problem);
    expect(result.fields).toEqual({ body: "Привет", key: "k1" });
    expect(result.files.map((f) => [f.name, f.bytes])).toEqual([["счёт.pdf", sample.pdf().byteLength]]);
    await discardReceived(result.files);
  });

  it("refuses a sixth file and leaves no temp file", async () => {
    const files = Array.from({ length: 6 }, (_, i) => ["files", `${i}.pdf`, sample.pdf()] as [string, string, Uint8Array]);
    const { body, type } = multipartBody([["body", "шесть"]], files);
    const result = await receive(body, type);
    expect(result).toMatchObject({ ok: false, problem: "too_many_files", fields: { body: "шесть" }, drained: true });
    expect(await partials()).toEqual([]);
  });

  it("refuses a file over the limit by name while reading it", async () => {
    const { body, type } = multipartBody([], [["files", "огромный.zip", new Uint8Array(2048)]]);
    const result = await receive(body, type, { ...limits, maxFileBytes: 1024 });
    expect(result).toMatchObject({ ok: false, problem: "too_large", name: "огромный.zip" });
    expect(await partials()).toEqual([]);
  });

  it("stops reading past the request limit (drained: false)", async () => {
    const { body, type } = multipartBody([], [["files", "a.pdf", new Uint8Array(200_000)]]);
    const result = await receive(body, type, { ...limits, maxRequestBytes: 100_000 });
    expect(result).toMatchObject({ ok: false, problem: "request_too_large", drained: false });
    expect(await partials()).toEqual([]);
  });

  it("refuses a text field over its byte limit as field_too_long", async () => {
    const { body, type } = multipartBody([["body", "я".repeat(51)]], [["files", "a.pdf", sample.pdf()]]);
    expect(await receive(body, type)).toMatchObject({ ok: false, problem: "field_too_long", field: "body" });
    const long = multipartBody([["body", "x".repeat(5000)]], []);
    expect(await receive(long.body, long.type)).toMatchObject({ ok: false, problem: "field_too_long", field: "body" });
    expect(await partials()).toEqual([]);
  });

  it("refuses NUL or invalid UTF-8 in a text field as bad_text", async () => {
    const nul = multipartBody([["body", "a\u0000b"]], []);
    expect(await receive(nul.body, nul.type)).toMatchObject({ ok: false, problem: "bad_text" });
    const bad = Buffer.from("body=%C3%28&key=k", "latin1");
    expect(await receive(bad, "application/x-www-form-urlencoded")).toMatchObject({ ok: false, problem: "bad_text" });
  });

  it("reads a urlencoded body (no files) and refuses a body that is no form", async () => {
    const form = Buffer.from(new URLSearchParams({ body: "Текст", key: "k" }).toString());
    expect(await receive(form, "application/x-www-form-urlencoded")).toMatchObject({ ok: true, files: [], fields: { body: "Текст", key: "k" } });
    expect(await receive(Buffer.from("--x\r\ngarbage"), "multipart/form-data; boundary=x")).toMatchObject({ ok: false, problem: "not_multipart" });
    expect(await receive(Buffer.from("{}"), "application/json")).toMatchObject({ ok: false, problem: "not_multipart" });
  });

  it("keeps an empty named file (to refuse it by name) when asked, skips a part without a file name", async () => {
    const { body, type } = multipartBody(
      [],
      [
        ["files", "пустой.txt", new Uint8Array(0)],
        ["files", "", new Uint8Array(0)],
      ],
    );
    const result = await receive(body, type);
    if (!result.ok) throw new Error(result.problem);
    expect(result.files.map((f) => [f.name, f.bytes])).toEqual([["пустой.txt", 0]]);
    expect(await storeAttachments(uploads, result.files)).toEqual({ ok: false, problem: "empty", name: "пустой.txt" });
    expect(await readdir(dir)).toEqual([]);
  });
});

describe("arbitrary input", () => {
  it("any file names and bytes: never throws, never leaves a temp file, stores all or nothing", async () => {
    const headers = [sample.pdf(), sample.zip(), sample.docx(), await sample.png(), sample.text("<svg>"), new Uint8Array([0xff, 0xd8, 0xff])];
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            name: fc.oneof(fc.string({ unit: "binary", maxLength: 60 }), fc.constantFrom("a.pdf", "b.png", "c.docx", "d.txt", "e.zip", "f.jpg")),
            head: fc.constantFrom(...headers),
            tail: fc.uint8Array({ maxLength: 300 }),
            cut: fc.nat(400),
          }),
          { minLength: 1, maxLength: 5 },
        ),
        async (specs) => {
          const files = await Promise.all(specs.map((s) => received(s.name, sample.concat([s.head, s.tail]).subarray(0, s.cut))));
          const result = await storeAttachments(uploads, files);
          const left = await readdir(dir);
          expect(left.filter((f) => f.endsWith(".partial"))).toEqual([]);
          if (result.ok) {
            expect(result.stored).toHaveLength(files.length);
            await removeStoredAttachments(uploads, result.stored);
          } else {
            expect(left).toEqual([]);
            expect(result.name.length).toBeGreaterThan(0);
          }
          expect(await readdir(dir)).toEqual([]);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("any multipart field values and file names through the reader: an answer, no temp file", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 200 }),
        fc.string({ maxLength: 40 }).filter((s) => !/["\r\n]/.test(s)),
        fc.uint8Array({ maxLength: 500 }),
        async (value, name, bytes) => {
          const { body, type } = multipartBody([["body", value]], [["files", name, bytes]]);
          const result = await receive(body, type);
          if (result.ok) await discardReceived(result.files);
          expect(await partials()).toEqual([]);
        },
      ),
      { numRuns: 80 },
    );
  });
});
