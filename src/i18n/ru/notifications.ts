import { countOf } from "../format.js";

const activeOf = (n: number) => countOf(n, ["активный партнёр", "активных партнёра", "активных партнёров"]);

export const notifications = {
  bellLabel: (unread: number) => (unread > 0 ? `Уведомления: ${countOf(unread, ["непрочитанное", "непрочитанных", "непрочитанных"])}` : "Уведомления"),
  recent: "Последние уведомления",
  empty: "Уведомлений пока нет. Здесь появятся новости программы и решения по вашим выплатам.",
  markRead: "Отметить прочитанным",
  markAllRead: "Отметить все прочитанными",
  allRead: "Все уведомления отмечены прочитанными",
  seeAll: "Все уведомления",
  pageTitle: "Уведомления",
  unreadMark: "Новое",
  notFound: "Уведомление не найдено",
  admin: {
    title: "Рассылка уведомлений",
    sendHeading: "Новое уведомление",
    titleField: "Заголовок",
    messageField: "Текст",
    recipient: "Кому",
    toAll: "Всем партнёрам",
    send: "Отправить",
    sentToAll: "Уведомление отправлено всем партнёрам",
    sentToOne: (name: string) => `Уведомление отправлено партнёру «${name}»`,
    listHeading: (n: number) => `Отправленные уведомления (${n})`,
    listEmpty: "Уведомлений ещё не отправляли.",
    delete: "Удалить",
    deleteQuestion: (title: string) => `Удалить уведомление «${title}» у всех получателей? Это нельзя отменить.`,
    broadcastQuestion: (title: string, partners: number) =>
      `Отправить уведомление «${title}» всем партнёрам (${activeOf(partners)})? Отозвать его можно только удалением.`,
    broadcastDialog: (partners: number) => `Отправить это уведомление всем партнёрам (${activeOf(partners)})? Отозвать его можно только удалением.`,
    deleted: "Уведомление удалено",
    broadcastCheckbox: (partners: number) => `Да, отправить всем партнёрам (${activeOf(partners)})`,
    broadcastFilesConfirm: "Рассылка всем партнёрам: отметьте подтверждение ниже и выберите файлы ещё раз — браузер не сохраняет их между отправками",
    recipientAll: "все партнёры",
    systemBadge: "системное",
    unknownRecipient: "Выберите партнёра из списка",
    columns: { date: "Дата", title: "Заголовок", recipient: "Кому", reads: "Прочитали", actions: "Действия" },
  },
};
