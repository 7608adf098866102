/**
 * fast-check generators of link targets for the property tests: ASCII, Cyrillic, emoji, NFD combining
 * marks, spaces, controls, bidi marks, lone surrogates, %-sequences (broken ones too), IDN and
 * private hosts, numeric IPv4 tricks, odd ports, credentials, fragments and UTMs already present.
 */
import fc from "fast-check";
import type { Utm } from "../lib/target-url.js";

/** What a real address is made of, non-ASCII included. */
const fine = fc.constantFrom(
  "a",
  "Z",
  "0",
  "-",
  "_",
  ".",
  "~",
  "/",
  "?",
  "&",
  "=",
  "#",
  "%",
  "%20",
  "%zz",
  "%D0%BF",
  "%E2%80%AE",
  "%0A",
  "%00",
  "+",
  "@",
  ":",
  "'",
  '"',
  "<",
  ">",
  "я",
  "Ё",
  "Каталог",
  "😀",
  "👨‍👩‍👧",
  "e\u0301",
  "\u0301",
  "ß",
  "ﬁ",
  "中",
  "utm_source=old",
  "utm_term=x",
);
/** What only mistakes and attacks put in one. */
const hostile = fc.constantFrom(" ", "\\", "\t", "\r\n", "\u202e", "\u200b", "\ud800", "\u0000", "\u00a0");
const piece = fc.oneof({ arbitrary: fine, weight: 12 }, { arbitrary: hostile, weight: 1 });
const text = fc.array(piece, { maxLength: 8 }).map((parts) => parts.join(""));
const publicHost = fc.constantFrom(
  "example.ru",
  "shop.example.ru",
  "EXAMPLE.RU",
  "evilexample.ru",
  "сайт.рф",
  "пример.рф",
  "ПРИМЕР.РФ",
  "магазин.пример.рф",
  "xn--80aswg.xn--p1ai",
  "😀.ru",
  "e\u0301xample.com",
  "éxample.com",
  "bücher.de",
  "例え.jp",
  "exa_mple.ru",
  "8.8.8.8",
  "[2a00:1450::1]",
  "ex%2eru",
);
const badHost = fc.constantFrom(
  "аpple.com",
  "xn--zz.ru",
  "a..b",
  "example.ru.",
  "nodot",
  "localhost",
  "a.localhost",
  "127.0.0.1",
  "127.1",
  "0x7f000001",
  "2130706433",
  "0177.0.0.1",
  "0.0.0.0",
  "10.1.2.3",
  "172.20.0.1",
  "192.168.1.1",
  "169.254.1.1",
  "100.64.0.1",
  "[::1]",
  "[::ffff:127.0.0.1]",
  "[fe80::1]",
  "[fc00::1]",
  "%6c%6fcalhost",
);
const host = fc.oneof({ arbitrary: publicHost, weight: 3 }, { arbitrary: badHost, weight: 1 });
const port = fc.constantFrom("", "", "", ":80", ":443", ":8080", ":0", ":65535", ":65536", ":99999", ":", ":abc");
const scheme = fc.oneof(
  { arbitrary: fc.constantFrom("https://", "http://", "HTTPS://", " https://"), weight: 8 },
  { arbitrary: fc.constantFrom("ftp://", "javascript:", "//", "https:"), weight: 1 },
);
const userinfo = fc.oneof({ arbitrary: fc.constant(""), weight: 12 }, { arbitrary: fc.constantFrom("user@", "u:p@", "@"), weight: 1 });
const query = fc.option(
  text.map((q) => `?utm_source=old&${q}`),
  { nil: "" },
);
const fragment = fc.option(
  text.map((f) => `#${f}`),
  { nil: "" },
);
export const targetUrlArbitrary = fc
  .tuple(scheme, userinfo, host, port, text, query, fragment)
  .map(([s, u, h, p, path, q, f]) => `${s}${u}${h}${p}/${path}${q}${f}`);
const utmValue = fc.option(fc.oneof(text, fc.string({ maxLength: 20 }), fc.constantFrom("осень", "a&b=c", "\ud800", "50%")), { nil: null });
export const utmArbitrary = fc.record<Utm>({ utm_source: utmValue, utm_medium: utmValue, utm_campaign: utmValue, utm_content: utmValue, utm_term: utmValue });
