import { parsePhoneNumberFromString } from "libphonenumber-js/min";

/** "8 (912) 345-67-89" → "+79123456789"; null when it is not a valid number. Russia is the default country. */
export function normalizePhone(input: string): string | null {
  const parsed = parsePhoneNumberFromString(input.trim(), "RU");
  if (!parsed?.isValid()) return null;
  return parsed.number;
}
