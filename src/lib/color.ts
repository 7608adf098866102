/** True when white text reads better than black on this #RRGGBB background (WCAG relative luminance). */
export function prefersLightText(hex: string): boolean {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return true;
  const [r, g, b] = [m[1], m[2], m[3]].map((h) => {
    const c = Number.parseInt(h ?? "0", 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  // Contrast with white is 1.05/(L+0.05), with black (L+0.05)/0.05. White wins whenever it reaches
  // the WCAG AA 4.5:1 on its own: on mid blues both pass, and white text reads as intended there.
  const white = 1.05 / (luminance + 0.05);
  return white >= 4.5 || white >= (luminance + 0.05) / 0.05;
}
