import { countOf } from "../format.js";

/** The admin's chat: the conversation list, starting a conversation, deleting a message. */
export const chatAdmin = {
  nav: "Чат",
  pageTitle: "Чат с партнёрами",
  conversationTitle: (name: string) => `Чат — ${name}`,
  listLabel: "Разговоры",
  searchLabel: "Поиск по партнёрам",
  searchPlaceholder: "Имя, email, компания или код",
  newConversation: "Новый разговор",
  noConversations: "Разговоров пока нет. Начните первым: «Новый разговор».",
  noMatches: "Никого не нашли по этому запросу.",
  choose: "Выберите разговор слева или начните новый.",
  back: "← Все разговоры",
  more: "Ещё разговоры",
  you: "Вы: ",
  files: (n: number) => `📎 ${countOf(n, ["файл", "файла", "файлов"])}`,
  unread: (n: number) => countOf(n, ["непрочитанное", "непрочитанных", "непрочитанных"]),
  emptyConversation: (name: string) => `Начните разговор: ${name} увидит сообщение в своём чате.`,
  partnerInactive: "Партнёр отключён — отправить сообщение нельзя.",
  newTitle: "Новый разговор",
  newLede: "Выберите активного партнёра, чтобы написать ему первым.",
  noPartners: "Нет активных партнёров по этому запросу.",
  hasConversation: "есть переписка",
  deleteMessage: "Удалить",
  deleteQuestion: (body: string) => {
    const start = body.replace(/\s+/g, " ").trim();
    return start
      ? `Удалить сообщение «${start.length > 80 ? `${start.slice(0, 80)}…` : start}»? Партнёр больше его не увидит.`
      : "Удалить сообщение с файлами? Партнёр больше его не увидит.";
  },
  deleted: "Сообщение удалено",
  tooLate: "Удалить можно только в первые 10 минут после отправки",
  writeToPartner: "Написать партнёру",
};
