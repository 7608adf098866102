import { parsePhoneNumberFromString } from "libphonenumber-js/min";

/** "8 (912) 345-67-89" → "+79123456789"; null when it is not a valid number. Russia is the default country. */
export function normalizePhone(input: string): string | null {
  const parsed = parsePhoneNumberFromString(input.trim(), "RU");
  if (!parsed?.isValid()) return null;
  return parsed.number;
}

/**
 * A stored phone for people to read, the same on every page: "+79123456789" → "+7 912 345-67-89"
 * (the way the form hint and the masked form "+7 912 ***-**-89" write it); other countries in their
 * international form ("+375 29 123 45 67"). Anything else (already masked, legacy text) comes back as is.
 */
export function formatPhone(phone: string): string {
  const ru = /^\+7(\d{3})(\d{3})(\d{2})(\d{2})$/.exec(phone);
  if (ru) return `+7 ${ru[1]} ${ru[2]}-${ru[3]}-${ru[4]}`;
  if (!/^\+\d{8,15}$/.test(phone)) return phone;
  return parsePhoneNumberFromString(phone)?.formatInternational() ?? phone;
}
