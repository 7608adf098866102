import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { targetUrlArbitrary, utmArbitrary } from "../testing/target-urls.js";
import { hostProblem, hostUnder, normalizeDomain } from "./target-host.js";
import { checkTargetUrl, displayUrl, mergeUtm, redirectUrl } from "./target-url.js";

/** Valid header content for the Location we send: visible ASCII only. */
const HEADER_SAFE = /^[\x21-\x7e]+$/;

describe("checkTargetUrl: internationalised URLs are stored in their ASCII form", () => {
  it.each([
    ["http://сайт.рф/путь?к=з#фр", "http://xn--80aswg.xn--p1ai/%D0%BF%D1%83%D1%82%D1%8C?%D0%BA=%D0%B7#%D1%84%D1%80"],
    ["https://ПРИМЕР.РФ/Каталог", "https://xn--e1afmkfd.xn--p1ai/%D0%9A%D0%B0%D1%82%D0%B0%D0%BB%D0%BE%D0%B3"],
    ["https://😀.ru/😀?q=😀#😀", "https://xn--e28h.ru/%F0%9F%98%80?q=%F0%9F%98%80#%F0%9F%98%80"],
    ["https://bücher.de/", "https://xn--bcher-kva.de/"],
    ["https://example.ru", "https://example.ru/"],
    ["HTTPS://Example.COM:443/a", "https://example.com/a"],
    ["https://example.ru:8080/a%zz?x=%41", "https://example.ru:8080/a%zz?x=%41"],
    ['https://example.ru/?utm_source=old&q="<>"', "https://example.ru/?utm_source=old&q=%22%3C%3E%22"],
  ])("%s → %s", (input, stored) => {
    expect(checkTargetUrl(input)).toEqual({ ok: true, url: stored });
  });

  it("stores NFC and NFD spellings of the same address as one URL", () => {
    const nfc = "https://café.example.ru/café?q=é";
    const nfd = nfc.normalize("NFD");
    expect(nfd).not.toBe(nfc);
    const a = checkTargetUrl(nfc);
    expect(a).toEqual({ ok: true, url: "https://xn--caf-dma.example.ru/caf%C3%A9?q=%C3%A9" });
    expect(checkTargetUrl(nfd)).toEqual(a);
  });

  it("measures the 2 048 characters after normalisation too", () => {
    const cyrillic = `https://example.ru/${"я".repeat(400)}`;
    expect(cyrillic.length).toBeLessThan(2048);
    expect(checkTargetUrl(cyrillic)).toEqual({ ok: false, problem: "too_long" });
    expect(checkTargetUrl(`https://example.ru/${"я".repeat(300)}`).ok).toBe(true);
  });

  it.each([
    ["https://example.ru/a b", "ok"],
    ["https://exa mple.ru/", "invalid"],
    ["https://example.ru/a\tb", "invalid"],
    ["https://example.ru/\u202egnp.exe", "invalid"],
    ["https://exa\u200bmple.ru/", "invalid"],
    ["https://example.ru/\ud800", "invalid"],
    ["https://example.ru/\u0000", "invalid"],
    ["https://example.ru/\u0085", "invalid"],
    ["https://ex\u00a0ample.ru/", "invalid"],
    ["https://example.ru?a=1@evil.com", "ok"],
    ["https://example.ru#@evil.com", "ok"],
    ["https://example.ru:99999/", "invalid"],
    ["https://xn--zz.ru/", "invalid"],
    ["https://example.ru./", "invalid"],
  ])("checks %j: %s", (input, problem) => {
    const result = checkTargetUrl(input);
    if (problem === "ok") expect(result.ok).toBe(true);
    else expect(result).toEqual({ ok: false, problem });
  });
});

describe("checkTargetUrl: private, local and numeric-trick hosts", () => {
  it.each([
    "http://localhost/",
    "http://LOCALHOST:8080/",
    "http://localhost./",
    "http://shop.localhost/",
    "http://printer.local/",
    "http://db.internal/",
    "http://127.0.0.1/",
    "http://127.1/",
    "http://0x7f000001/",
    "http://2130706433/",
    "http://0177.0.0.1/",
    "http://127.255.255.254/",
    "http://0.0.0.0/",
    "http://0/",
    "http://[::]/",
    "http://[::1]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:10.0.0.1]/",
    "http://[fe80::1]/",
    "http://[fc00::1]/",
    "http://[fd12:3456::1]/",
    "http://[ff02::1]/",
    "http://[64:ff9b::7f00:1]/",
    "http://10.0.0.1/",
    "http://10.255.255.255/",
    "http://172.16.0.1/",
    "http://172.31.255.255/",
    "http://192.168.0.1/",
    "http://192.168.255.255/",
    "http://169.254.169.254/latest/meta-data",
    "http://100.64.0.1/",
    "http://100.127.255.255/",
    "http://224.0.0.1/",
    "http://255.255.255.255/",
    "http://%6c%6fcalhost/",
  ])("refuses %s as private", (url) => {
    expect(checkTargetUrl(url)).toEqual({ ok: false, problem: "private" });
  });

  it.each(["http://router/", "http://intranet-portal/", "https://nodot"])("refuses the single-label host %s", (url) => {
    expect(checkTargetUrl(url)).toEqual({ ok: false, problem: "invalid" });
  });

  it.each([
    "http://172.15.255.255/",
    "http://172.32.0.1/",
    "http://100.63.255.255/",
    "http://100.128.0.1/",
    "http://8.8.8.8/",
    "http://[2a00:1450:4010::1]/",
    "https://localhost-shop.ru/",
    "https://local.example.ru/",
  ])("accepts the public host of %s", (url) => {
    expect(checkTargetUrl(url).ok).toBe(true);
  });
});

describe("checkTargetUrl: the admin's allowlist", () => {
  const allowed = ["example.ru", "xn--e1afmkfd.xn--p1ai"];
  it.each([
    ["https://example.ru/", true],
    ["https://shop.example.ru/x", true],
    ["https://a.b.example.ru/x", true],
    ["https://EXAMPLE.RU/", true],
    ["https://пример.рф/каталог", true],
    ["https://магазин.пример.рф/", true],
    ["https://evilexample.ru/", false],
    ["https://example.ru.evil.com/", false],
    ["https://example.com/", false],
    ["https://xn--e1afmkfd.xn--p1ai.evil.ru/", false],
  ])("%s allowed: %s", (url, ok) => {
    const result = checkTargetUrl(url, allowed);
    if (ok) expect(result.ok).toBe(true);
    else expect(result).toEqual({ ok: false, problem: "not_allowed" });
  });

  it("never lets the allowlist open a private host", () => {
    expect(checkTargetUrl("http://127.0.0.1/", ["0.0.1"])).toEqual({ ok: false, problem: "private" });
    expect(hostUnder("evilexample.ru", "example.ru")).toBe(false);
    expect(hostUnder("shop.example.ru", "example.ru")).toBe(true);
  });
});

describe("normalizeDomain (allowlist lines)", () => {
  it.each([
    ["example.ru", "example.ru"],
    [" Example.RU ", "example.ru"],
    ["*.example.ru", "example.ru"],
    [".example.ru", "example.ru"],
    ["https://shop.example.ru/page?x=1", "shop.example.ru"],
    ["Пример.РФ", "xn--e1afmkfd.xn--p1ai"],
    ["xn--e1afmkfd.xn--p1ai", "xn--e1afmkfd.xn--p1ai"],
  ])("%j → %s", (line, domain) => {
    expect(normalizeDomain(line)).toEqual({ ok: true, domain });
  });

  it.each([
    ["localhost", "private"],
    ["shop.localhost", "private"],
    ["127.0.0.1", "invalid"],
    ["[::1]", "invalid"],
    ["nodot", "invalid"],
    ["ex ample.ru", "invalid"],
    ["example.ru/path", "invalid"],
    ["user@example.ru", "invalid"],
    ["a..ru", "invalid"],
    ["-bad.ru", "invalid"],
    ["example.123", "invalid"],
    ["xn--zz.ru", "invalid"],
    ["аpple.com", "lookalike"],
  ])("refuses %j (%s)", (line, problem) => {
    expect(normalizeDomain(line)).toEqual({ ok: false, problem });
  });
});

describe("displayUrl", () => {
  it.each([
    ["http://xn--80aswg.xn--p1ai/%D0%BF%D1%83%D1%82%D1%8C?%D0%BA=%D0%B7#%D1%84%D1%80", "http://сайт.рф/путь?к=з#фр"],
    ["https://xn--e28h.ru/%F0%9F%98%80", "https://😀.ru/😀"],
    // ASCII escapes, spaces, bidi marks, U+FFFD and broken escapes stay as they are.
    ["https://ex.ru/a%20b%2Fc%zz%E2%80%AE%EF%BF%BD%D0", "https://ex.ru/a%20b%2Fc%zz%E2%80%AE%EF%BF%BD%D0"],
    ["https://ex.ru/%D0%BF%0A", "https://ex.ru/п%0A"],
    // Lower-case escapes would come back upper-case: shown as stored, so the form saves the same URL.
    ["https://ex.ru/%d0%bf", "https://ex.ru/%d0%bf"],
    ["https://example.ru/%3E%CC%81", "https://example.ru/%3E%CC%81"],
    ["not a url xn--p1ai", "not a url xn--p1ai"],
  ])("%s → %s", (stored, shown) => {
    expect(displayUrl(stored)).toBe(shown);
  });
});

describe("redirectUrl: whatever a row holds, the Location is header-safe or there is none", () => {
  const utm = { utm_source: "partner", utm_term: "код 1" };
  it.each([
    [
      "https://пример.рф/путь?q=значение",
      "https://xn--e1afmkfd.xn--p1ai/%D0%BF%D1%83%D1%82%D1%8C?q=%D0%B7%D0%BD%D0%B0%D1%87%D0%B5%D0%BD%D0%B8%D0%B5&utm_source=partner&utm_term=%D0%BA%D0%BE%D0%B4%201",
    ],
    ["https://example.ru/😀#top", "https://example.ru/%F0%9F%98%80?utm_source=partner&utm_term=%D0%BA%D0%BE%D0%B4%201#top"],
    ["https://example.ru/\r\nSet-Cookie: a=b", null],
    ["https://example.ru/\u0000", null],
    [
      "https://example.ru/a b?q=ёлка пушистая",
      "https://example.ru/a%20b?q=%D1%91%D0%BB%D0%BA%D0%B0%20%D0%BF%D1%83%D1%88%D0%B8%D1%81%D1%82%D0%B0%D1%8F&utm_source=partner&utm_term=%D0%BA%D0%BE%D0%B4%201",
    ],
    ["https://exa mple.ru/", null],
    ["javascript:alert(1)", null],
    ["https://localhost/", null],
    ["http://127.0.0.1/", null],
    ["https://user:pw@example.ru/", null],
    ["garbage", null],
    ["", null],
  ])("%j → %s", (stored, location) => {
    expect(redirectUrl(stored, utm)).toBe(location);
  });

  it("sends no 10 000-character row", () => {
    expect(redirectUrl(`https://example.ru/${"x".repeat(10_000)}`, utm)).toBeNull();
  });

  it("re-checks the allowlist", () => {
    expect(redirectUrl("https://shop.example.ru/", {}, ["example.ru"])).toBe("https://shop.example.ru/");
    expect(redirectUrl("https://other.ru/", {}, ["example.ru"])).toBeNull();
  });

  it("survives a lone surrogate in a UTM value", () => {
    expect(redirectUrl("https://example.ru/", { utm_source: "a\ud800b" })).toBe("https://example.ru/?utm_source=a%EF%BF%BDb");
    expect(() => mergeUtm("https://example.ru/", { utm_term: "\udc00" })).not.toThrow();
  });
});

describe("property: a target is refused, or it redirects with a valid header to the same host", () => {
  it("checkTargetUrl + redirectUrl over generated addresses", () => {
    let accepted = 0;
    fc.assert(
      fc.property(targetUrlArbitrary, utmArbitrary, (input, utm) => {
        const checked = checkTargetUrl(input);
        // Any row, even one that would be refused, gives a header-safe Location or none.
        const fromRaw = redirectUrl(input, utm);
        if (fromRaw !== null) expect(fromRaw).toMatch(HEADER_SAFE);
        if (!checked.ok) {
          expect(fromRaw).toBeNull();
          return;
        }
        accepted++;
        const stored = checked.url;
        expect(stored).toMatch(HEADER_SAFE);
        expect(stored.length).toBeLessThanOrEqual(2048);
        const url = new URL(stored);
        expect(["http:", "https:"]).toContain(url.protocol);
        expect(url.username + url.password).toBe("");
        expect(hostProblem(url.hostname)).toBeNull();
        expect(url.host).toBe(new URL(input.trim().normalize("NFC")).host);
        // Normalising twice changes nothing; the Unicode display saves back to the same URL.
        expect(checkTargetUrl(stored)).toEqual(checked);
        expect(checkTargetUrl(displayUrl(stored))).toEqual(checked);
        const location = redirectUrl(stored, utm);
        expect(location).not.toBeNull();
        expect(location).toMatch(HEADER_SAFE);
        const sent = new URL(location ?? "");
        expect(sent.host).toBe(url.host);
        expect(sent.hash).toBe(url.hash);
        for (const [key, value] of Object.entries(utm)) {
          if (value && !/\p{Cs}/u.test(value)) expect(sent.searchParams.getAll(key)).toContain(value);
        }
      }),
      { numRuns: 1_500 },
    );
    // The generator must exercise both outcomes, not only refusals.
    expect(accepted).toBeGreaterThan(100);
  });
});
