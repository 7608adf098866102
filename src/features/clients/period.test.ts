import { describe, expect, it } from "vitest";
import { FIXED_NOW } from "../../testing/test-app.js";
import { dayStart, isDay, resolvePeriod } from "./period.js";

describe("dayStart", () => {
  it.each([
    ["2026-11-26", "Europe/Moscow", "2026-11-25T21:00:00.000Z"],
    ["2026-01-01", "Asia/Kolkata", "2025-12-31T18:30:00.000Z"],
    ["2026-03-29", "Europe/Berlin", "2026-03-28T23:00:00.000Z"],
    ["2026-03-30", "Europe/Berlin", "2026-03-29T22:00:00.000Z"],
    ["2026-11-01", "America/New_York", "2026-11-01T04:00:00.000Z"],
    ["2026-11-02", "America/New_York", "2026-11-02T05:00:00.000Z"],
  ])("finds the midnight of %s in %s", (day, zone, iso) => {
    expect(new Date(dayStart(day, zone)).toISOString()).toBe(iso);
  });
});

describe("isDay", () => {
  it.each([
    ["2026-11-26", true],
    ["2024-02-29", true],
    ["2026-02-29", false],
    ["2026-13-01", false],
    ["26.11.2026", false],
    ["1900-01-01", false],
    ["", false],
  ])("%s → %s", (value, ok) => {
    expect(isDay(value)).toBe(ok);
  });
});

describe("resolvePeriod", () => {
  const tz = "Europe/Moscow";
  it("counts today as the last day of a preset", () => {
    expect(resolvePeriod({ period: "today", from: "", to: "" }, FIXED_NOW, tz)).toEqual({ from: Date.parse("2026-11-25T21:00:00Z"), to: null });
    expect(resolvePeriod({ period: "7d", from: "", to: "" }, FIXED_NOW, tz)).toEqual({ from: Date.parse("2026-11-19T21:00:00Z"), to: null });
    expect(resolvePeriod({ period: "all", from: "", to: "" }, FIXED_NOW, tz)).toEqual({ from: null, to: null });
  });

  it("takes custom days, both inclusive, over the preset", () => {
    expect(resolvePeriod({ period: "today", from: "2026-11-01", to: "2026-11-02" }, FIXED_NOW, tz)).toEqual({
      from: Date.parse("2026-10-31T21:00:00Z"),
      to: Date.parse("2026-11-02T21:00:00Z"),
    });
  });
});
