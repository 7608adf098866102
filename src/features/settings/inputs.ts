/** Zod schema of the brand form on /admin/settings (name, colour, support contact, privacy-policy URL). */
import { z } from "zod";
import { t } from "../../i18n/ru.js";
import { checkTargetUrl } from "../../lib/target-url.js";
import { optionalText } from "../../web/fields.js";
import type { BrandFields } from "./brand.js";

/** The cabinet's own accent (static/css/00-base.css): what the colour picker shows while none is set. */
export const DEFAULT_ACCENT = "#1f5fbf";

/** `#rrggbb` in lower case from what people type: with or without `#`, three or six digits; null if it is none. */
export function normaliseHex(input: string): string | null {
  const v = input.trim().toLowerCase().replace(/^#/, "");
  if (/^[0-9a-f]{6}$/.test(v)) return `#${v}`;
  if (/^[0-9a-f]{3}$/.test(v)) return `#${[...v].map((d) => d + d).join("")}`;
  return null;
}

const b = t.brand;

/** Empty, or a colour normaliseHex reads. */
const hexText = z
  .string()
  .max(100, b.colour.invalid)
  .default("")
  .transform((v) => v.trim())
  .refine((v) => v === "" || normaliseHex(v) !== null, b.colour.invalid);

const policyUrl = z
  .string()
  .max(4096, b.privacyPolicy.errors.too_long)
  .default("")
  .transform((v, ctx) => {
    const url = v.trim();
    if (url === "") return null;
    const checked = checkTargetUrl(url);
    if (checked.ok) return checked.url;
    ctx.addIssue({ code: "custom", message: b.privacyPolicy.errors[checked.problem] });
    return z.NEVER;
  });

/**
 * Two inputs carry the colour: the hex text field and the native picker (both work without JS).
 * `colour_was` is the stored value the page was rendered with: the text field wins when it was
 * edited (emptied: back to the default), otherwise a moved picker; untouched, the text field as is.
 * Each field is checked on its own, so every error shows at once.
 */
export const brandInput = z
  .object({
    company_name: optionalText(120),
    colour: hexText,
    colour_picker: z.string().max(100).default(""),
    colour_was: z.string().max(100).default(""),
    support_contact: optionalText(200),
    privacy_policy_url: policyUrl,
  })
  .transform((v): BrandFields => {
    const was = v.colour_was.trim();
    const picker = normaliseHex(v.colour_picker);
    const pickerMoved = picker !== null && picker !== (normaliseHex(was) ?? DEFAULT_ACCENT);
    const chosen = v.colour !== was ? v.colour : pickerMoved ? picker : v.colour;
    return {
      companyName: v.company_name,
      colour: chosen ? normaliseHex(chosen) : null,
      supportContact: v.support_contact,
      privacyPolicyUrl: v.privacy_policy_url,
    };
  });
