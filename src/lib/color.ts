/**
 * Colour arithmetic for the brand colour (and landing themes): WCAG 2 relative luminance and
 * contrast, and the palette the cabinet derives from one admin-chosen `#rrggbb`. Every text colour
 * it returns meets WCAG AA 4.5:1 on the surface it is meant for, whatever colour comes in.
 */
type Rgb = [number, number, number];

const HEX = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i;

function parseHex(hex: string): Rgb | null {
  const m = HEX.exec(hex);
  if (!m) return null;
  return [m[1], m[2], m[3]].map((h) => Number.parseInt(h ?? "0", 16)) as Rgb;
}

function toHex(rgb: Rgb): string {
  const byte = (v: number) => Math.round(Math.min(255, Math.max(0, v)));
  return `#${rgb.map((v) => byte(v).toString(16).padStart(2, "0")).join("")}`;
}

/** WCAG 2 relative luminance of a #rrggbb colour (0 black … 1 white); an unparsable value counts as black. */
export function relativeLuminance(hex: string): number {
  const rgb = parseHex(hex) ?? [0, 0, 0];
  const [r, g, b] = rgb.map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as Rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2 contrast ratio of two #rrggbb colours, 1 … 21. */
export function contrastRatio(a: string, b: string): number {
  const [la, lb] = [relativeLuminance(a), relativeLuminance(b)];
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** True when white text reads better than black on this #RRGGBB background (WCAG relative luminance). */
export function prefersLightText(hex: string): boolean {
  if (!parseHex(hex)) return true;
  const luminance = relativeLuminance(hex);
  // Contrast with white is 1.05/(L+0.05), with black (L+0.05)/0.05. White wins whenever it reaches
  // the WCAG AA 4.5:1 on its own: on mid blues both pass, and white text reads as intended there.
  const white = 1.05 / (luminance + 0.05);
  return white >= 4.5 || white >= (luminance + 0.05) / 0.05;
}

/** `a` moved towards `b` by `amount` (0 … 1), channel by channel in sRGB. */
export function mix(a: string, b: string, amount: number): string {
  const [x, y] = [parseHex(a) ?? [0, 0, 0], parseHex(b) ?? [0, 0, 0]];
  return toHex(x.map((v, i) => v + ((y[i] ?? 0) - v) * amount) as Rgb);
}

const WHITE = "#ffffff";
const BLACK = "#000000";
/** Dark text on light brand fills: a soft near-black, pure black only where the fill needs it. */
export const DARK_ON_ACCENT = "#111418";
const AA = 4.5;

/**
 * The surfaces the brand colour appears on as text: cards (white), the page background and the soft
 * tint behind the active nav item. `accentText` passes on all of them; the page background is the
 * cabinet's `--bg` (static/css/00-base.css).
 */
export const TEXT_SURFACES = [WHITE, "#f4f6f9"] as const;

/** Text on a fill of this colour: white when it reaches 4.5:1, else near-black, else black (always ≥ 4.5:1 then). */
export function textOnFill(fill: string): string {
  if (prefersLightText(fill)) return WHITE;
  return contrastRatio(DARK_ON_ACCENT, fill) >= AA ? DARK_ON_ACCENT : BLACK;
}

/**
 * The fill under the pointer: a shade darker, or lighter where darker would lose contrast with the text
 * on it (a light fill under dark text) or change nothing (black). The text of the fill still reads on it.
 */
export function hoverShade(fill: string): string {
  const text = textOnFill(fill);
  const candidates = text === WHITE ? [mix(fill, BLACK, 0.15), mix(fill, WHITE, 0.2)] : [mix(fill, BLACK, 0.1), mix(fill, WHITE, 0.3)];
  return candidates.find((c) => c !== fill && contrastRatio(c, text) >= AA) ?? fill;
}

/** A light tint of the colour for backgrounds (the active nav item): 10 % of the colour on white. */
export function softTint(fill: string): string {
  return mix(fill, WHITE, 0.9);
}

/**
 * The colour as text (links, the active nav label): darkened just enough to reach 4.5:1 on white, the
 * page background and the colour's own soft tint. Already dark colours come back unchanged.
 */
export function accentText(colour: string): string {
  const surfaces = [...TEXT_SURFACES, softTint(colour)];
  for (let step = 0; step <= 100; step++) {
    const candidate = mix(colour, BLACK, step / 100);
    if (surfaces.every((s) => contrastRatio(candidate, s) >= AA)) return candidate;
  }
  return BLACK;
}

export type BrandPalette = { accent: string; accentHover: string; onAccent: string; accentSoft: string; accentText: string };

/** Every colour the cabinet derives from the brand colour, as the `--accent*` custom properties use them. */
export function brandPalette(colour: string): BrandPalette {
  const accent = toHex(parseHex(colour) ?? [0, 0, 0]);
  return { accent, accentHover: hoverShade(accent), onAccent: textOnFill(accent), accentSoft: softTint(accent), accentText: accentText(accent) };
}
