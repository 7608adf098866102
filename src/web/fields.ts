/** Reusable zod fields with Russian messages, shared by every form. */
import { z } from "zod";
import { PASSWORD_MAX, PASSWORD_MIN } from "../auth/password.js";
import { t } from "../i18n/ru.js";
import { normalizePhone } from "../lib/phone.js";

// C0/C1 controls and bidi overrides have no place in names (SECURITY.md B2); newlines are allowed only in long text.
const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const LINE_BREAKS = /[\r\n\t]/;

const cleanText = (max: number, multiline: boolean) =>
  z
    .string(t.validation.required)
    .transform((v) => v.normalize("NFC").trim())
    .pipe(
      z
        .string()
        .max(max, t.validation.tooLong(max))
        .refine((v) => !CONTROL_CHARS.test(v) && (multiline || !LINE_BREAKS.test(v)), t.validation.invalidChars),
    );

export const requiredText = (max: number, multiline = false) => cleanText(max, multiline).pipe(z.string().min(1, t.validation.required));

/** Empty input becomes null. */
export const optionalText = (max: number, multiline = false) =>
  z
    .string()
    .optional()
    .transform((v) => v ?? "")
    .pipe(cleanText(max, multiline))
    .transform((v) => (v === "" ? null : v));

export const emailField = z
  .string(t.validation.required)
  .trim()
  .min(1, t.validation.required)
  .max(254, t.validation.tooLong(254))
  .pipe(z.email(t.validation.email))
  .transform((v) => v.toLowerCase());

/** Passwords are never trimmed or case-folded (SECURITY.md H-6). */
export const passwordField = z
  .string(t.validation.required)
  .min(1, t.validation.required)
  .min(PASSWORD_MIN, t.auth.errors.passwordTooShort)
  .max(PASSWORD_MAX, t.auth.errors.passwordTooLong);

/** Empty input becomes null; anything else must be a valid email (lower-cased). */
export const optionalEmail = z
  .string()
  .optional()
  .transform((v, ctx) => {
    const value = v?.trim() ?? "";
    if (value === "") return null;
    const parsed = emailField.safeParse(value);
    if (parsed.success) return parsed.data;
    ctx.addIssue({ code: "custom", message: parsed.error.issues[0]?.message ?? t.validation.email });
    return z.NEVER;
  });

export const optionalPhone = z
  .string()
  .optional()
  .transform((v) => v?.trim() ?? "")
  .pipe(
    z
      .string()
      .max(40, t.validation.phone)
      .transform((v, ctx) => {
        if (v === "") return null;
        const phone = normalizePhone(v);
        if (!phone) {
          ctx.addIssue({ code: "custom", message: t.validation.phone });
          return z.NEVER;
        }
        return phone;
      }),
  );

/** Positive integer ids from the URL; anything else becomes null and the route answers 404. */
export function parseId(raw: string | undefined): number | null {
  if (!raw || !/^[1-9]\d{0,15}$/.test(raw)) return null;
  const id = Number(raw);
  return Number.isSafeInteger(id) ? id : null;
}
