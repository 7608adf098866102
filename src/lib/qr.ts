import QRCode from "qrcode";

/** QR codes are drawn on the server: SVG for the page and print, PNG for messengers. */
export function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
}

export async function qrPng(text: string): Promise<Uint8Array<ArrayBuffer>> {
  const buffer = await QRCode.toBuffer(text, { type: "png", width: 512, margin: 2, errorCorrectionLevel: "M" });
  return new Uint8Array(buffer);
}
