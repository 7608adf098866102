import { describe, expect, it } from "vitest";
import { generateCode } from "../../../lib/random.js";
import { attributionOf, partnerCodeFrom, trackedCode } from "./import.js";

const FIELD = "UF_CRM_PARTNER_CODE";
const attribution = { trackingField: FIELD, trackingTemplate: "partner-{code}" };

describe("reading the partner's code back from a tracking value", () => {
  it("inverts the delivery's template for every generated code, exactly and case-sensitively", () => {
    for (const template of ["partner-{code}", "{code}", "p.{code}+(x)[y]$", "ref:{code}/{code}"]) {
      for (let i = 0; i < 200; i++) {
        const code = generateCode(8);
        expect(partnerCodeFrom(template, template.replaceAll("{code}", code))).toBe(code);
      }
    }
    expect(partnerCodeFrom("partner-{code}", "partner-ABCD2345")).toBeNull();
    expect(partnerCodeFrom("partner-{code}", "Partner-abcd2345")).toBeNull();
    expect(partnerCodeFrom("partner-{code}", "partner-abcd23456")).toBeNull();
    expect(partnerCodeFrom("partner-{code}", "xpartner-abcd2345")).toBeNull();
    expect(partnerCodeFrom("partner-{code}", "partner-abcd0345")).toBeNull(); // 0 is not in the alphabet
    expect(partnerCodeFrom("partner-{code}", " partner-abcd2345 ")).toBe("abcd2345");
    expect(partnerCodeFrom("partner-{code}", 12345678)).toBeNull();
    expect(partnerCodeFrom("partner", "partner")).toBeNull();
  });

  it("treats the admin's template as text, never as a pattern", () => {
    expect(partnerCodeFrom("p.{code}", "pXabcd2345")).toBeNull();
    expect(partnerCodeFrom("(.*){code}", "anythingabcd2345")).toBeNull();
    expect(partnerCodeFrom("(.*){code}", "(.*)abcd2345")).toBe("abcd2345");
    expect(partnerCodeFrom("ref:{code}/{code}", "ref:abcd2345/abcd2346")).toBeNull();
  });

  it("takes one code from a multiple field, none when two partners are named", () => {
    expect(trackedCode(attribution, { [FIELD]: [null, "partner-abcd2345"] })).toBe("abcd2345");
    expect(trackedCode(attribution, { [FIELD]: ["partner-abcd2345", "partner-abcd2345"] })).toBe("abcd2345");
    expect(trackedCode(attribution, { [FIELD]: ["partner-abcd2345", "partner-abcd2346"] })).toBeNull();
    expect(trackedCode(attribution, { UF_CRM_OTHER: "partner-abcd2345" })).toBeNull();
  });

  it("is on only with the switch, a tracking field and {code} in the template", () => {
    const base = { attributionImport: true, trackingField: FIELD, trackingTemplate: "partner-{code}" };
    expect(attributionOf(base)).toEqual(attribution);
    expect(attributionOf({ ...base, attributionImport: false })).toBeNull();
    expect(attributionOf({ ...base, trackingField: null })).toBeNull();
    expect(attributionOf({ ...base, trackingTemplate: "partner" })).toBeNull();
  });
});
