import { countOf } from "../format.js";

/** The partner's chat and what both sides' conversation views share. */
export const chat = {
  nav: "Чат",
  badge: (n: number) => countOf(n, ["непрочитанное сообщение", "непрочитанных сообщения", "непрочитанных сообщений"]),
};
