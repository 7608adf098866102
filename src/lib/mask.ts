/** Masked contact details for partners (admin setting): enough to recognise a client, not to call them. */

/** "+79123456789" → "+7 912 ***-**-89"; other countries keep the first 3 and last 2 digits. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, "");
  if (digits.length === 11 && digits.startsWith("7")) return `+7 ${digits.slice(1, 4)} ***-**-${digits.slice(-2)}`;
  if (digits.length < 7) return "***";
  return `+${digits.slice(0, 3)} ${"*".repeat(digits.length - 5)}${digits.slice(-2)}`;
}

/** "maria@example.ru" → "m***@example.ru". */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  if (at < 1) return "***";
  return `${Array.from(email)[0]}***${email.slice(at)}`;
}
