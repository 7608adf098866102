import { describe, expect, it } from "vitest";
import {
  accountKeyValid,
  checkAccount,
  checkBik,
  checkCardNumber,
  checkCorrAccount,
  checkInn,
  corrAccountKeyValid,
  groupCardNumber,
  innChecksumValid,
  luhnValid,
  maskNumber,
} from "./requisites.js";

describe("checkCardNumber", () => {
  it.each([
    ["4111 1111 1111 1111", "4111111111111111"], // Visa test card
    ["5555-5555-5555-4444", "5555555555554444"], // Mastercard test card
    ["2200 7001 2345 6781", "2200700123456781"], // Мир range
    ["4222222222222", "4222222222222"], // 13 digits
    ["6222 0210 0112 3456 789", "6222021001123456789"], // 19 digits (UnionPay length)
    [" 4111\u00a01111 1111 1111 ", "4111111111111111"], // non-breaking spaces from a bank app
  ])("accepts %s", (input, digits) => {
    expect(checkCardNumber(input)).toEqual({ ok: true, value: digits });
  });

  it.each([
    ["4111 1111 1111 1112", "checksum"],
    ["0000 0000 0000 0000", "checksum"],
    ["4111 1111 111", "length"],
    ["4111 1111 1111 1111 1111", "length"],
    ["4111 1111 1111 111a", "format"],
    ["4111.1111.1111.1111", "format"],
    ["", "format"],
    ["4".repeat(10_000), "length"],
  ])("refuses case %#", (input, problem) => {
    expect(checkCardNumber(input)).toEqual({ ok: false, problem });
  });

  it("luhnValid follows the textbook examples", () => {
    expect(luhnValid("79927398713")).toBe(true);
    expect(luhnValid("79927398710")).toBe(false);
  });
});

describe("checkInn", () => {
  it.each([
    ["7707083893"], // ПАО Сбербанк
    ["7736207543"], // ООО «Яндекс»
    ["7710140679"], // АО «Тинькофф Банк»
    ["500100732259"], // a person, the textbook 12-digit example
    ["7707 083 893"],
  ])("accepts %s", (input) => {
    expect(checkInn(input)).toEqual({ ok: true, value: input.replace(/\s/g, "") });
  });

  it.each([
    ["7707083894", "checksum"],
    ["500100732258", "checksum"],
    ["500100732269", "checksum"], // 11th digit wrong, 12th recomputed would differ
    ["0000000000", "checksum"],
    ["77070838", "length"],
    ["77070838931", "length"],
    ["77070838a3", "format"],
    ["1".repeat(10_000), "length"],
  ])("refuses case %#", (input, problem) => {
    expect(checkInn(input)).toEqual({ ok: false, problem });
  });

  it("for the self-employed takes only a person's 12-digit ИНН", () => {
    expect(checkInn("500100732259", { individualOnly: true }).ok).toBe(true);
    expect(checkInn("7707083893", { individualOnly: true })).toEqual({ ok: false, problem: "individual_only" });
    expect(checkInn("50010073225", { individualOnly: true })).toEqual({ ok: false, problem: "length" });
  });

  it("innChecksumValid knows nothing but 10 and 12 digits", () => {
    expect(innChecksumValid("123")).toBe(false);
  });
});

describe("checkBik", () => {
  it.each(["044525225", "044525974", "044030653", "04 45 25 593"])("accepts %s", (input) => {
    expect(checkBik(input).ok).toBe(true);
  });

  it.each([
    ["004525988", "country"], // a treasury БИК, not a bank
    ["144525225", "country"],
    ["04452522", "length"],
    ["0445252250", "length"],
    ["04452522x", "format"],
  ])("refuses case %#", (input, problem) => {
    expect(checkBik(input)).toEqual({ ok: false, problem });
  });
});

describe("bank accounts against the БИК", () => {
  it.each([
    ["30101810400000000225", "044525225"], // ПАО Сбербанк
    ["30101810145250000974", "044525974"], // Т-Банк
    ["30101810200000000593", "044525593"], // Альфа-Банк
    ["30101810700000000187", "044525187"], // Банк ВТБ
    ["30101810500000000653", "044030653"], // Северо-Западный банк Сбербанка
  ])("real correspondent account %s matches БИК %s", (corr, bik) => {
    expect(corrAccountKeyValid(corr, bik)).toBe(true);
    expect(checkCorrAccount(corr, bik)).toEqual({ ok: true, value: corr });
  });

  it("a correspondent account of one bank does not fit another's БИК", () => {
    expect(checkCorrAccount("30101810400000000225", "044030653")).toEqual({ ok: false, problem: "bik_mismatch" });
    // Т-Банк and Сбербанк are both in Moscow: the key alone matches, the ending does not.
    expect(corrAccountKeyValid("30101810145250000974", "044525225")).toBe(true);
    expect(checkCorrAccount("30101810145250000974", "044525225")).toEqual({ ok: false, problem: "bik_mismatch" });
    // Right key but not a correspondent account (they are all 301…).
    expect(checkCorrAccount("40817810353800000001", "044525225")).toEqual({ ok: false, problem: "bik_mismatch" });
  });

  it("checks a settlement account with the БИК's last three digits", () => {
    expect(checkAccount("4081 7810 3538 0000 0001", "044525225")).toEqual({ ok: true, value: "40817810353800000001" });
    expect(checkAccount("40702810830000000001", "044525974").ok).toBe(true);
    // Any single changed digit breaks the key.
    expect(checkAccount("40817810353800000002", "044525225")).toEqual({ ok: false, problem: "bik_mismatch" });
    // The same account at another bank does not fit.
    expect(checkAccount("40817810353800000001", "044525974")).toEqual({ ok: false, problem: "bik_mismatch" });
  });

  it("checks an account at an РКЦ (БИК ending in 000) with 0 + БИК digits 5–6", () => {
    expect(accountKeyValid("40102810400000000001", "044030000")).toBe(true);
    // The credit-institution rule ("000") would give another answer for the same digits.
    expect(accountKeyValid("40102810400000000001", "044030005")).toBe(false);
  });

  it.each([
    ["4081781035380000000", "length"],
    ["408178103538000000011", "length"],
    ["4081781035380000000O", "format"],
    ["4".repeat(10_000), "length"],
  ])("refuses case %#", (input, problem) => {
    expect(checkAccount(input, "044525225")).toEqual({ ok: false, problem });
  });
});

describe("maskNumber", () => {
  it("keeps only the last four digits", () => {
    expect(maskNumber("4111111111111111")).toBe("•••• 1111");
    expect(maskNumber("40817810353800000001")).toBe("•••• 0001");
  });
});

describe("groupCardNumber", () => {
  it("prints the digits in groups of four, as on the card, and reads back as the same number", () => {
    expect(groupCardNumber("2200700123456781")).toBe("2200 7001 2345 6781");
    expect(groupCardNumber("4000001234567899012")).toBe("4000 0012 3456 7899 012");
    expect(checkCardNumber(groupCardNumber("2200700123456781"))).toEqual({ ok: true, value: "2200700123456781" });
    expect(groupCardNumber("•••• 1234")).toBe("•••• 1234");
  });
});
