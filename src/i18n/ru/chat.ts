import { countOf, formatDate } from "../format.js";

/** The partner's chat and what both sides' conversation views share. */
export const chat = {
  nav: "Чат",
  badge: (n: number) => countOf(n, ["непрочитанное сообщение", "непрочитанных сообщения", "непрочитанных сообщений"]),
  pageTitle: "Чат",
  heading: "Чат с компанией",
  lede: "Вопросы по клиентам, выплатам и ссылкам — ответим здесь.",
  messagesLabel: "Сообщения",
  empty: "Сообщений пока нет. Напишите нам — ответим в рабочее время.",
  showEarlier: "Показать ранее",
  backToNewest: "К новым сообщениям",
  today: "Сегодня",
  yesterday: "Вчера",
  dayOf: (ms: number, timeZone: string) => formatDate(ms, timeZone),
  you: "Вы",
  company: "Компания",
  sent: "доставлено",
  read: "прочитано",
  deleted: "Сообщение удалено",
  bodyLabel: "Сообщение",
  bodyPlaceholder: "Напишите сообщение…",
  send: "Отправить",
  selectedFiles: (n: number) => countOf(n, ["файл выбран", "файла выбрано", "файлов выбрано"]),
  errors: {
    empty: "Напишите сообщение или приложите файл",
    tooLong: (max: number, n: number) => `Сообщение длиннее ${max} символов: сейчас ${n}`,
    invalidChars: "В сообщении есть недопустимые символы",
  },
};
