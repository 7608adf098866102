import { describe, expect, it } from "vitest";
import { maskEmail, maskPhone } from "./mask.js";

describe("maskPhone", () => {
  it.each([
    ["+79123456789", "+7 912 ***-**-89"],
    ["+74951234567", "+7 495 ***-**-67"],
    ["+375291234567", "+375 *******67"],
    ["+123", "***"],
  ])("masks %s as %s", (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked);
  });
});

describe("maskEmail", () => {
  it.each([
    ["maria@example.ru", "m***@example.ru"],
    ["я@пример.рф", "я***@пример.рф"],
    ["a@b.ru", "a***@b.ru"],
    ["no-at-sign", "***"],
    ["@example.ru", "***"],
  ])("masks %s as %s", (email, masked) => {
    expect(maskEmail(email)).toBe(masked);
  });
});
