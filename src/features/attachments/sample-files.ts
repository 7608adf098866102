/**
 * Small files of every accepted type, and their disguises, for the attachment tests (store, downloads,
 * notifications, chat). ZIP-based ones are written by hand with stored entries: nothing is compressed
 * and the sniffer only reads the central directory.
 */
import sharp from "sharp";

const encoder = new TextEncoder();

/** A ZIP of stored (uncompressed) entries, in order; the CRCs are left 0 (nothing here checks them). */
export function zipOf(entries: [name: string, content: string | Uint8Array][]): Uint8Array {
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const [name, content] of entries) {
    const nameBytes = encoder.encode(name);
    const data = typeof content === "string" ? encoder.encode(content) : content;
    const local = new Uint8Array(30 + nameBytes.length + data.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint32(18, data.length, true);
    lv.setUint32(22, data.length, true);
    lv.setUint16(26, nameBytes.length, true);
    local.set(nameBytes, 30);
    local.set(data, 30 + nameBytes.length);
    const central = new Uint8Array(46 + nameBytes.length);
    const cv = new DataView(central.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint32(20, data.length, true);
    cv.setUint32(24, data.length, true);
    cv.setUint16(28, nameBytes.length, true);
    cv.setUint32(42, offset, true);
    central.set(nameBytes, 46);
    locals.push(local);
    centrals.push(central);
    offset += local.length;
  }
  const dirSize = centrals.reduce((n, c) => n + c.length, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, entries.length, true);
  ev.setUint16(10, entries.length, true);
  ev.setUint32(12, dirSize, true);
  ev.setUint32(16, offset, true);
  return concat([...locals, ...centrals, end]);
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export const pdf = () => encoder.encode("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
export const docx = () =>
  zipOf([
    ["[Content_Types].xml", "<Types/>"],
    ["_rels/.rels", "<Relationships/>"],
    ["word/document.xml", "<w:document/>"],
  ]);
export const xlsx = () =>
  zipOf([
    ["[Content_Types].xml", "<Types/>"],
    ["xl/workbook.xml", "<workbook/>"],
  ]);
export const odt = () =>
  zipOf([
    ["mimetype", "application/vnd.oasis.opendocument.text"],
    ["content.xml", "<office:document-content/>"],
  ]);
export const ods = () =>
  zipOf([
    ["mimetype", "application/vnd.oasis.opendocument.spreadsheet"],
    ["content.xml", "<office:document-content/>"],
  ]);
export const zip = () => zipOf([["readme.txt", "hello"]]);

const image = (w: number, h: number) => sharp({ create: { width: w, height: h, channels: 3, background: "#3366cc" } });
export const png = async (w = 40, h = 30) => new Uint8Array(await image(w, h).png().toBuffer());
export const jpeg = async (w = 40, h = 30) => new Uint8Array(await image(w, h).jpeg().toBuffer());
export const webp = async (w = 40, h = 30) => new Uint8Array(await image(w, h).webp().toBuffer());
export const gif = async (w = 40, h = 30) => new Uint8Array(await image(w, h).gif().toBuffer());

/** A JPEG carrying GPS coordinates in its EXIF, like a phone photo. */
export const jpegWithGps = async () =>
  new Uint8Array(
    await image(64, 48)
      .jpeg()
      .withExif({
        IFD0: { Make: "PhoneMaker" },
        IFD3: { GPSLatitudeRef: "N", GPSLatitude: "55/1 45/1 2100/100", GPSLongitudeRef: "E", GPSLongitude: "37/1 37/1 0/1" },
      })
      .toBuffer(),
  );

export const text = (s: string) => encoder.encode(s);
