import { formatMoney } from "../../src/i18n/format.js";
import { t } from "../../src/i18n/ru.js";

/** Kopecks as "1 234,56 ₽"; another currency keeps its code instead of the rouble sign. */
export function moneyText(kopecks: number | null, currencyId: string | null = null): string {
  if (kopecks === null) return t.none;
  const text = formatMoney(kopecks);
  return !currencyId || currencyId === "RUB" ? text : `${text.replace(/\u00a0₽$/, "")}\u00a0${currencyId}`;
}

/** Kopecks as the admin would type them back: "150000,50". */
export function moneyInputValue(kopecks: number | null): string {
  if (kopecks === null) return "";
  return `${Math.trunc(kopecks / 100)},${String(kopecks % 100).padStart(2, "0")}`;
}
