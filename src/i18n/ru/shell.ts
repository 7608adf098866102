import { countOf } from "../format.js";

/** The page shell: sidebar, phone tab bar, header, public footer. */
export const shell = {
  more: "Ещё",
  moreLabel: "Другие разделы",
  /** Read by screen readers on a tab that carries a count (the badge itself is hidden from them). */
  unread: (n: number) => countOf(n, ["непрочитанное", "непрочитанных", "непрочитанных"]),
  profileOf: (name: string) => `Профиль: ${name}`,
  home: "На главную",
  support: "Поддержка",
  privacyPolicy: "Политика конфиденциальности",
  /** Legal forms skipped when a company's letter mark is picked from its name. */
  legalForms: ["ООО", "ОАО", "ЗАО", "ПАО", "АО", "ИП", "НКО"] as readonly string[],
};
