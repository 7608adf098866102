import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime, formatMoney, plural } from "./format.js";
import { t } from "./ru.js";

const nbsp = "\u00a0";

describe("formatMoney", () => {
  it.each([
    [123456, `1${nbsp}234,56${nbsp}₽`],
    [0, `0,00${nbsp}₽`],
    [5, `0,05${nbsp}₽`],
    [-99, `-0,99${nbsp}₽`],
    [123456789012, `1${nbsp}234${nbsp}567${nbsp}890,12${nbsp}₽`],
  ])("formats %i kopecks as %s", (kop, text) => {
    expect(formatMoney(kop)).toBe(text);
  });

  it("refuses fractional kopecks instead of rounding silently", () => {
    expect(() => formatMoney(10.5)).toThrow(RangeError);
  });
});

describe("formatDate", () => {
  it("uses the app time zone for the day boundary", () => {
    const lateEveningUtc = Date.UTC(2026, 10, 26, 22, 30);
    expect(formatDate(lateEveningUtc, "Europe/Moscow")).toBe("27.11.2026");
    expect(formatDate(lateEveningUtc, "UTC")).toBe("26.11.2026");
    expect(formatDateTime(lateEveningUtc, "Europe/Moscow")).toBe("27.11.2026, 01:30");
  });
});

describe("plural", () => {
  it.each([
    [1, "заявка"],
    [2, "заявки"],
    [5, "заявок"],
    [11, "заявок"],
    [21, "заявка"],
    [104, "заявки"],
  ])("%i → %s", (n, word) => {
    expect(plural(n, t.plurals.registration)).toBe(word);
  });
});
