import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { linkify } from "./linkify.js";

describe("linkify", () => {
  it("links http(s) URLs and keeps trailing punctuation as text", () => {
    expect(linkify("см. https://example.ru/a. и http://b.ru")).toEqual([
      { text: "см. " },
      { text: "https://example.ru/a", href: "https://example.ru/a" },
      { text: ". и " },
      { text: "http://b.ru", href: "http://b.ru" },
    ]);
  });

  it("never links javascript:, data: or markup", () => {
    for (const s of ["javascript:alert(1)", "data:text/html,<b>x</b>", '<a href="https://x.ru">x</a>']) {
      const parts = linkify(s);
      expect(parts.every((p) => !p.href || p.href.startsWith("https://x.ru"))).toBe(true);
      expect(parts.map((p) => p.text).join("")).toBe(s);
    }
  });

  it("keeps every character of any text, links only http(s)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 200 }), (s) => {
        const parts = linkify(s);
        expect(parts.map((p) => p.text).join("")).toBe(s);
        for (const p of parts) if (p.href) expect(p.href).toMatch(/^https?:\/\//i);
      }),
    );
  });
});
