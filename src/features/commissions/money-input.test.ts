import { describe, expect, it } from "vitest";
import { MAX_MONEY_KOPECKS, parseMoney, parseRatePercent } from "./money-input.js";

describe("parseMoney", () => {
  it.each([
    ["150 000,50", 15_000_050],
    ["150000.5", 15_000_050],
    ["150\u00a0000", 15_000_000],
    ["1\u202f234\u202f567,89 ₽", 123_456_789],
    ["0", 0],
    ["0,01", 1],
    ["007,5", 750],
    ["1000000000", MAX_MONEY_KOPECKS],
  ])("reads «%s» as %i kopecks", (raw, kopecks) => {
    expect(parseMoney(raw)).toEqual({ ok: true, kopecks });
  });

  it.each([
    ["", "empty"],
    ["   ", "empty"],
    ["-5", "negative"],
    ["\u22125,00", "negative"],
    ["1000000000,01", "too_large"],
    ["99999999999999999999", "too_large"],
    ["1.234,56", "invalid"],
    ["150,000.50", "invalid"],
    ["12,345", "invalid"],
    ["1e5", "invalid"],
    ["abc", "invalid"],
    ["-", "invalid"],
    ["0x10", "invalid"],
  ])("refuses «%s» (%s)", (raw, reason) => {
    expect(parseMoney(raw)).toEqual({ ok: false, reason });
  });
});

describe("parseRatePercent", () => {
  it.each([
    ["12,5", 1_250],
    ["12.25", 1_225],
    ["0", 0],
    ["100", 10_000],
    ["7 %", 700],
    ["0,01", 1],
  ])("reads «%s» as %i basis points", (raw, bp) => {
    expect(parseRatePercent(raw)).toEqual({ ok: true, bp });
  });

  it.each([
    ["", "empty"],
    ["-1", "negative"],
    ["100,01", "too_large"],
    ["250", "too_large"],
    ["12,345", "too_precise"],
    ["abc", "invalid"],
    ["1/2", "invalid"],
  ])("refuses «%s» (%s)", (raw, reason) => {
    expect(parseRatePercent(raw)).toEqual({ ok: false, reason });
  });
});
