import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { accentText, brandPalette, contrastRatio, DARK_ON_ACCENT, hoverShade, mix, softTint, TEXT_SURFACES, textOnFill } from "./color.js";

const hexColour = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255)).map((rgb) => `#${rgb.map((v) => v.toString(16).padStart(2, "0")).join("")}`);
const runs = { numRuns: 2_000 };

describe("contrastRatio", () => {
  it("is 21 for black on white, 1 for a colour on itself, and symmetric", () => {
    expect(contrastRatio("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrastRatio("#1f5fbf", "#1f5fbf")).toBe(1);
    expect(contrastRatio("#ffd000", "#111418")).toBeCloseTo(contrastRatio("#111418", "#ffd000"), 10);
  });

  it("matches known WCAG values", () => {
    // #767676 is the classic lightest grey that passes AA on white.
    expect(contrastRatio("#767676", "#ffffff")).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio("#777777", "#ffffff")).toBeLessThan(4.5);
  });
});

describe("brand palette", () => {
  it("picks white on dark fills and dark text on light ones", () => {
    expect(textOnFill("#1f5fbf")).toBe("#ffffff");
    expect(textOnFill("#000000")).toBe("#ffffff");
    expect(textOnFill("#ffd000")).toBe(DARK_ON_ACCENT);
    expect(textOnFill("#ffffff")).toBe(DARK_ON_ACCENT);
  });

  it("falls back to pure black where near-black would not reach 4.5:1", () => {
    // Just too light for white text (≈ 4.48:1), too dark for #111418 (≈ 4.12:1).
    const fill = "#777777";
    expect(contrastRatio("#ffffff", fill)).toBeLessThan(4.5);
    expect(contrastRatio(DARK_ON_ACCENT, fill)).toBeLessThan(4.5);
    expect(textOnFill(fill)).toBe("#000000");
  });

  it("keeps dark colours as they are for text and darkens light ones", () => {
    expect(accentText("#1f5fbf")).toBe("#1f5fbf");
    const yellow = accentText("#ffd000");
    expect(yellow).not.toBe("#ffd000");
    expect(contrastRatio(yellow, "#ffffff")).toBeGreaterThanOrEqual(4.5);
  });

  it("gives a light tint and a visible hover shade", () => {
    expect(softTint("#1f5fbf")).toBe(mix("#1f5fbf", "#ffffff", 0.9));
    expect(hoverShade("#1f5fbf")).not.toBe("#1f5fbf");
    expect(hoverShade("#000000")).not.toBe("#000000");
    expect(hoverShade("#ffffff")).not.toBe("#ffffff");
  });

  it("normalises the fill to lower case", () => {
    expect(brandPalette("#FFD000").accent).toBe("#ffd000");
  });

  it("meets 4.5:1 for every text it derives, over random colours", () => {
    fc.assert(
      fc.property(hexColour, (colour) => {
        const p = brandPalette(colour);
        expect(contrastRatio(p.onAccent, p.accent)).toBeGreaterThanOrEqual(4.5);
        expect(contrastRatio(p.onAccent, p.accentHover)).toBeGreaterThanOrEqual(4.5);
        for (const surface of [...TEXT_SURFACES, p.accentSoft]) expect(contrastRatio(p.accentText, surface)).toBeGreaterThanOrEqual(4.5);
        expect(p.accentHover).not.toBe(p.accent);
        for (const value of Object.values(p)) expect(value).toMatch(/^#[0-9a-f]{6}$/);
      }),
      runs,
    );
  });

  it("never darkens the text colour more than needed (one step lighter fails somewhere)", () => {
    fc.assert(
      fc.property(hexColour, (colour) => {
        const text = accentText(colour);
        if (text === colour.toLowerCase()) return;
        const surfaces = [...TEXT_SURFACES, softTint(colour)];
        expect(contrastRatio(text, "#ffffff")).toBeLessThan(12);
        expect(surfaces.some((s) => contrastRatio(text, s) < 5.5)).toBe(true);
      }),
      runs,
    );
  });
});
