/**
 * The logo file: sniffed by content, re-encoded to PNG within 1024 × 1024, and an SVG can neither
 * fetch anything (a local HTTP server counts every request) nor read a file from disk.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { brandDir, MAX_LOGO_BYTES, rasterise, sniffLogo, storeLogoBytes } from "./brand-logo.js";

const dir = mkdtempSync(join(tmpdir(), "brand-logo-"));
let server: Server;
let base = "";
const hits: string[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(req.url ?? "");
    res.end("<svg xmlns='http://www.w3.org/2000/svg'/>");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // A pure red image on disk: if any SVG below manages to draw it, red shows up in the output.
  writeFileSync(
    join(dir, "red.png"),
    await sharp({ create: { width: 64, height: 64, channels: 3, background: "#ff0000" } })
      .png()
      .toBuffer(),
  );
});
afterAll(() => {
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

const bytes = (text: string) => new TextEncoder().encode(text);
const image = (format: "png" | "jpeg" | "webp" | "gif", width = 40, height = 20) =>
  sharp({ create: { width, height, channels: 3, background: "#123456" } })
    .toFormat(format)
    .toBuffer()
    .then((b) => new Uint8Array(b));
/** The largest red channel minus the largest green: > 0 only where something red was drawn. */
async function redness(png: Buffer): Promise<number> {
  const { channels } = await sharp(png).stats();
  return (channels[0]?.max ?? 0) - (channels[1]?.max ?? 0);
}

describe("sniffLogo", () => {
  it("knows PNG, JPEG, WebP and SVG by their bytes", async () => {
    expect(sniffLogo(await image("png"))).toBe("png");
    expect(sniffLogo(await image("jpeg"))).toBe("jpeg");
    expect(sniffLogo(await image("webp"))).toBe("webp");
    expect(sniffLogo(bytes('\ufeff<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBe("svg");
    expect(sniffLogo(bytes('<!-- logo -->\n<svg width="1" height="1"></svg>'))).toBe("svg");
  });

  it("refuses GIF, HTML and text whatever they are called", async () => {
    expect(sniffLogo(await image("gif"))).toBeNull();
    expect(sniffLogo(bytes("<html><body><svg></svg></body></html>"))).toBeNull();
    expect(sniffLogo(bytes("just text"))).toBeNull();
    expect(sniffLogo(new Uint8Array())).toBeNull();
  });
});

describe("rasterise", () => {
  it("re-encodes every format to PNG, at most 1024 a side, keeping the aspect", async () => {
    const big = await rasterise(await image("jpeg", 3000, 1500), "jpeg");
    expect(big).toMatchObject({ ok: true, width: 1024, height: 512 });
    if (big.ok) expect((await sharp(big.png).metadata()).format).toBe("png");
    expect(await rasterise(await image("webp", 30, 60), "webp")).toMatchObject({ ok: true, width: 30, height: 60 });
  });

  it("draws a small SVG large: its longer side becomes 1024", async () => {
    const svg = bytes('<svg xmlns="http://www.w3.org/2000/svg" width="100" height="40"><rect width="100" height="40" fill="#1f5fbf"/></svg>');
    expect(await rasterise(svg, "svg")).toMatchObject({ ok: true, width: 1024, height: 410 });
  });

  it("refuses a file whose bytes are not what they were sniffed as", async () => {
    const truncated = (await image("png")).subarray(0, 40);
    expect(await rasterise(truncated, "png")).toEqual({ ok: false, problem: "broken" });
    expect(await rasterise(bytes("<svg oops"), "svg")).toMatchObject({ ok: false });
  });
});

describe("a hostile SVG", () => {
  const svg = (body: string, head = "") =>
    bytes(
      `${head}<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:xi="http://www.w3.org/2001/XInclude" width="64" height="64">${body}</svg>`,
    );
  // Made per test: the server's address is known only once it listens.
  const attacks: [string, (base: string) => Uint8Array][] = [
    ["<script> and onload", (b) => svg(`<script>fetch("${b}/script")</script><rect width="64" height="64" onload="fetch('${b}/onload')"/>`)],
    [
      "external href and xlink:href",
      (b) => svg(`<image href="${b}/href.png" width="64" height="64"/><image xlink:href="${b}/xlink.png" width="64" height="64"/>`),
    ],
    ["<use> of an external file", (b) => svg(`<use href="${b}/use.svg#a"/>`)],
    ["CSS @import and url()", (b) => svg(`<style>@import url(${b}/import.css); rect { fill: url(${b}/fill.svg#g) }</style><rect width="64" height="64"/>`)],
    [
      "<foreignObject>",
      (b) =>
        svg(
          `<foreignObject width="64" height="64"><img xmlns="http://www.w3.org/1999/xhtml" src="${b}/img.png"/><iframe xmlns="http://www.w3.org/1999/xhtml" src="${b}/iframe"/></foreignObject>`,
        ),
    ],
    ["XInclude", (b) => svg(`<text><xi:include href="${b}/xinclude" parse="text"/></text>`)],
    ["an external DTD", (b) => svg('<rect width="64" height="64"/>', `<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "${b}/dtd">`)],
  ];

  it.each(attacks)("with %s fetches nothing and runs nothing", async (_name, make) => {
    const result = await rasterise(make(base), "svg");
    expect(hits).toEqual([]);
    // Whatever was drawn is a PNG: no markup, so no script, survives.
    if (result.ok) expect(new TextDecoder("latin1").decode(result.png)).not.toMatch(/<script|fetch\(|href/);
  });

  it("cannot draw a file from disk (absolute, file: or relative)", async () => {
    const red = join(dir, "red.png");
    for (const href of [`file://${red}`, red, "red.png", `../${dir.split("/").pop()}/red.png`]) {
      const result = await rasterise(svg(`<image href="${href}" width="64" height="64"/><image xlink:href="${href}" width="64" height="64"/>`), "svg");
      expect(result.ok).toBe(true);
      if (result.ok) expect(await redness(result.png), href).toBeLessThanOrEqual(0);
    }
  });

  it("with an XXE entity (remote, file or parameter) is refused without a fetch", async () => {
    const entities = [
      `<!DOCTYPE svg [<!ENTITY xxe SYSTEM "${base}/xxe">]>`,
      '<!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
      `<!DOCTYPE svg [<!ENTITY % p SYSTEM "${base}/param"> %p;]>`,
      `<!DOCTYPE svg [<!ENTITY xxe PUBLIC "-//X//EN" "${base}/public">]>`,
    ];
    for (const head of entities) {
      const hostile = svg("<text>&xxe;</text>", `<?xml version="1.0"?>${head}`);
      expect(await rasterise(hostile, "svg")).toEqual({ ok: false, problem: "unsupported" });
      // Behind that check, librsvg itself does not resolve external entities either.
      await expect(sharp(hostile).png().toBuffer()).rejects.toThrow(/not defined|entity/i);
    }
    expect(hits).toEqual([]);
  });

  it("with a billion laughs fails fast instead of eating memory", async () => {
    const levels = ["<!ENTITY a0 'haha'>", ...Array.from({ length: 9 }, (_, i) => `<!ENTITY a${i + 1} '${`&a${i};`.repeat(10)}'>`)].join("");
    const started = Date.now();
    const result = await rasterise(svg("<text>&a9;</text>", `<?xml version="1.0"?><!DOCTYPE svg [${levels}]>`), "svg");
    expect(result).toEqual({ ok: false, problem: "broken" });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("with absurd dimensions is refused (pixel limit), not drawn", async () => {
    const huge = bytes('<svg xmlns="http://www.w3.org/2000/svg" width="1000000" height="1000000"><rect width="10" height="10"/></svg>');
    const result = await rasterise(huge, "svg");
    // Either drawn small (the density follows the size) or refused: never a giant bitmap.
    if (result.ok) expect(Math.max(result.width, result.height)).toBeLessThanOrEqual(1024);
    else expect(result.problem).toBe("broken");
  });
});

describe("storeLogoBytes", () => {
  it("writes one PNG under UPLOAD_DIR/brand with a random name and its version", async () => {
    const uploads = mkdtempSync(join(tmpdir(), "brand-store-"));
    const stored = await storeLogoBytes(uploads, await image("jpeg", 200, 100));
    expect(stored).toMatchObject({ ok: true, logo: { width: 200, height: 100 } });
    if (!stored.ok) return;
    expect(stored.logo.file).toMatch(/^[0-9a-f]{32}\.png$/);
    expect(stored.logo.file.startsWith(stored.logo.version)).toBe(true);
    expect(readdirSync(brandDir(uploads))).toEqual([stored.logo.file]);
    rmSync(uploads, { recursive: true, force: true });
  });

  it("refuses an oversize or unknown file and writes nothing", async () => {
    const uploads = mkdtempSync(join(tmpdir(), "brand-store-"));
    expect(await storeLogoBytes(uploads, new Uint8Array(MAX_LOGO_BYTES + 1))).toEqual({ ok: false, problem: "too_large" });
    expect(await storeLogoBytes(uploads, await image("gif"))).toEqual({ ok: false, problem: "unsupported" });
    expect(readdirSync(uploads)).toEqual([]);
    rmSync(uploads, { recursive: true, force: true });
  });
});
