import { describe, expect, it } from "vitest";
import { dayOf, lastDays } from "./day.js";
import { anonymizeIp } from "./ip.js";
import { normalizePhone } from "./phone.js";
import { checkTargetUrl, mergeUtm } from "./target-url.js";

describe("checkTargetUrl", () => {
  it.each(["https://example.ru/page?a=1#top", "http://сайт.рф/путь", "HTTPS://Example.com"])("accepts %s", (url) => {
    expect(checkTargetUrl(url).ok).toBe(true);
  });

  it.each([
    ["javascript:alert(1)", "scheme"],
    ["JaVaScRiPt:alert(1)", "scheme"],
    ["data:text/html,<script>alert(1)</script>", "scheme"],
    ["//evil.com", "scheme"],
    ["https:evil.com", "scheme"],
    ["/relative/path", "scheme"],
    ["ftp://x.ru", "scheme"],
    ["https://bitrix24.ru@evil.com", "credentials"],
    ["https://user:pass@evil.com/", "credentials"],
    ["https://evil.com\\@bitrix24.ru", "invalid"],
    ["https://evil.com/\r\nSet-Cookie:x", "invalid"],
    ["https://аpple.com", "lookalike"],
    [`https://example.ru/${"a".repeat(2100)}`, "too_long"],
    ["https://nodot", "invalid"],
  ])("refuses %s (%s)", (url, problem) => {
    expect(checkTargetUrl(url)).toEqual({ ok: false, problem });
  });

  it("keeps to the allowlist when one is set, subdomains included", () => {
    expect(checkTargetUrl("https://shop.example.ru/x", ["example.ru"]).ok).toBe(true);
    expect(checkTargetUrl("https://example.ru.evil.com/", ["example.ru"])).toEqual({ ok: false, problem: "not_allowed" });
  });
});

describe("mergeUtm", () => {
  it("adds UTMs, overrides same-named keys, keeps other keys' encoding and the fragment", () => {
    const url = mergeUtm("https://ex.ru/p?q=a%20b&utm_source=old&x=%7E#frag", { utm_source: "partner", utm_term: "код 1", utm_medium: "" });
    expect(url).toBe("https://ex.ru/p?q=a%20b&x=%7E&utm_source=partner&utm_term=%D0%BA%D0%BE%D0%B4%201#frag");
  });

  it("leaves a URL without UTMs untouched", () => {
    expect(mergeUtm("https://ex.ru/p?a=+b", {})).toBe("https://ex.ru/p?a=+b");
  });
});

describe("anonymizeIp", () => {
  it.each([
    ["203.0.113.77", "203.0.113.0"],
    ["::ffff:198.51.100.9", "198.51.100.0"],
    ["2001:db8:abcd:12:1:2:3:4", "2001:db8:abcd::"],
    ["2001:db8::1", "2001:db8:0::"],
    ["garbage", "unknown"],
  ])("%s → %s", (ip, out) => {
    expect(anonymizeIp(ip)).toBe(out);
  });
});

describe("days", () => {
  it("cuts days in the app time zone and lists the last N", () => {
    expect(dayOf(Date.UTC(2026, 10, 26, 22, 0), "Europe/Moscow")).toBe("2026-11-27");
    expect(lastDays(Date.UTC(2026, 2, 1, 12), 3, "UTC")).toEqual(["2026-02-27", "2026-02-28", "2026-03-01"]);
  });
});

describe("normalizePhone", () => {
  it.each([
    ["8 (912) 345-67-89", "+79123456789"],
    ["9123456789", "+79123456789"],
    ["+7 912 345 67 89", "+79123456789"],
    ["letters", null],
  ])("%s → %s", (input, out) => {
    expect(normalizePhone(input)).toBe(out);
  });
});

describe("dayStartMs", () => {
  it("finds midnight of a day in the zone", async () => {
    const { dayStartMs } = await import("./day.js");
    expect(dayStartMs("2026-11-26", "Europe/Moscow")).toBe(Date.UTC(2026, 10, 25, 21, 0));
    expect(dayStartMs("2026-11-26", "UTC")).toBe(Date.UTC(2026, 10, 26));
  });
});

describe("prefersLightText", () => {
  it.each([
    ["#1a73e8", true],
    ["#000000", true],
    ["#b3261e", true],
    ["#ffcc00", false],
    ["#ffffff", false],
    ["#a0d8ef", false],
  ])("%s → white text: %s", async (hex, white) => {
    const { prefersLightText } = await import("./color.js");
    expect(prefersLightText(hex)).toBe(white);
  });
});
