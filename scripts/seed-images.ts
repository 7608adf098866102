/**
 * Pictures for the demo data, drawn with sharp from SVG: landing photos (a gradient with shapes and a
 * caption) and the company logo. Real PNG/JPEG bytes, so they go through the same re-encoding path as
 * an upload.
 */
import sharp from "sharp";

const escapeXml = (s: string) => s.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c] ?? c);

export type PhotoSpec = { from: string; to: string; title: string; caption: string; motif: "chart" | "people" | "handshake" };

/** Simple shapes that read as a picture at a thumbnail's size, without any real photo. */
function motifSvg(motif: PhotoSpec["motif"]): string {
  if (motif === "chart") {
    const bars = [180, 260, 220, 340, 300, 420]
      .map((h, i) => `<rect x="${700 + i * 70}" y="${640 - h}" width="46" height="${h}" rx="8" fill="#ffffff" fill-opacity="${0.35 + i * 0.1}"/>`)
      .join("");
    return `${bars}<polyline points="720,470 790,400 860,430 930,330 1000,350 1070,240" fill="none" stroke="#ffffff" stroke-width="10" stroke-linecap="round" stroke-linejoin="round"/>`;
  }
  if (motif === "people") {
    const person = (x: number, y: number, s: number, o: number) =>
      `<circle cx="${x}" cy="${y}" r="${42 * s}" fill="#ffffff" fill-opacity="${o}"/><rect x="${x - 70 * s}" y="${y + 56 * s}" width="${140 * s}" height="${150 * s}" rx="${60 * s}" fill="#ffffff" fill-opacity="${o}"/>`;
    return person(830, 330, 1.2, 0.55) + person(1000, 300, 1.4, 0.8) + person(1140, 350, 1.1, 0.5);
  }
  return `<circle cx="930" cy="380" r="230" fill="#ffffff" fill-opacity="0.18"/><circle cx="930" cy="380" r="150" fill="#ffffff" fill-opacity="0.25"/>
    <path d="M800 400 q60 -90 130 -20 q70 -70 130 20 q-60 80 -130 90 q-70 -10 -130 -90z" fill="#ffffff" fill-opacity="0.85"/>`;
}

/** A 1200×800 JPEG: gradient, soft circles, the motif on the right and a two-line caption on the left. */
export async function landingPhoto(spec: PhotoSpec): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="800" viewBox="0 0 1200 800">
  <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${spec.from}"/><stop offset="1" stop-color="${spec.to}"/></linearGradient></defs>
  <rect width="1200" height="800" fill="url(#g)"/>
  <circle cx="120" cy="700" r="260" fill="#ffffff" fill-opacity="0.07"/>
  <circle cx="1100" cy="90" r="190" fill="#ffffff" fill-opacity="0.09"/>
  ${motifSvg(spec.motif)}
  <text x="80" y="330" font-family="DejaVu Sans, Liberation Sans, sans-serif" font-size="64" font-weight="700" fill="#ffffff">${escapeXml(spec.title)}</text>
  <text x="80" y="410" font-family="DejaVu Sans, Liberation Sans, sans-serif" font-size="34" fill="#ffffff" fill-opacity="0.9">${escapeXml(spec.caption)}</text>
  <rect x="80" y="460" width="160" height="10" rx="5" fill="#ffffff" fill-opacity="0.8"/>
</svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 86 }).toBuffer();
}

/**
 * A 256×256 PNG mark (a wind sign on the brand colour): the pages put the company's name beside the logo,
 * so a mark without a wordmark reads right in the header, on the login page and on landings.
 */
export async function companyLogo(colour: string): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256">
  <rect width="256" height="256" rx="56" fill="${colour}"/>
  <g transform="translate(-6 2)">
  <path d="M52 104 h96 a26 26 0 1 0 -26 -26" fill="none" stroke="#ffffff" stroke-width="18" stroke-linecap="round"/>
  <path d="M52 148 h122 a26 26 0 1 1 -26 26" fill="none" stroke="#ffffff" stroke-width="18" stroke-linecap="round"/>
  <path d="M52 126 h40" fill="none" stroke="#ffffff" stroke-opacity="0.6" stroke-width="18" stroke-linecap="round"/>
  </g>
</svg>`;
  return sharp(Buffer.from(svg)).png({ compressionLevel: 9 }).toBuffer();
}
