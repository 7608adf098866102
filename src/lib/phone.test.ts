import { describe, expect, it } from "vitest";
import { formatPhone, normalizePhone } from "./phone.js";

describe("formatPhone", () => {
  it.each([
    ["+79123456789", "+7 912 345-67-89"],
    ["+74951234567", "+7 495 123-45-67"],
    ["+375291234567", "+375 29 123 45 67"],
    // Already masked for a partner, or text that is not a stored number: left alone.
    ["+7 912 ***-**-89", "+7 912 ***-**-89"],
    ["call me", "call me"],
  ])("%s → %s", (stored, shown) => {
    expect(formatPhone(stored)).toBe(shown);
  });

  it("shows what the form accepts back as the same number", () => {
    expect(normalizePhone(formatPhone("+79123456789"))).toBe("+79123456789");
  });
});
