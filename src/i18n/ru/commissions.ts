/** Commission texts: partner notifications, history reasons, timeline entries. */
import type { CommissionNotice, CommissionTexts } from "../../features/commissions/commissions.js";
import { formatMoney } from "../format.js";

/** Amounts in another currency are shown with its code instead of the rouble sign. */
const money = (kopecks: number, currencyId: string | null) =>
  !currencyId || currencyId === "RUB" ? formatMoney(kopecks) : `${formatMoney(kopecks).replace(/\u00a0₽$/, "")}\u00a0${currencyId}`;

const notices: CommissionTexts = {
  won: (n: CommissionNotice) => ({
    title: "Сделка успешно закрыта",
    message: `Клиент «${n.clientName}»: сделка на ${money(n.amountKopecks, n.currencyId)}, ваше вознаграждение ${money(n.newKopecks, n.currencyId)}.`,
  }),
  changed: (n: CommissionNotice) => ({
    title: "Вознаграждение пересчитано",
    message: `Клиент «${n.clientName}»: сумма сделки теперь ${money(n.amountKopecks, n.currencyId)}, вознаграждение ${money(n.oldKopecks, n.currencyId)} → ${money(n.newKopecks, n.currencyId)}.`,
  }),
  reversed: (n: CommissionNotice) => ({
    title: "Вознаграждение отменено",
    message: `Клиент «${n.clientName}»: сделка больше не в статусе «успешна», вознаграждение ${money(n.oldKopecks, n.currencyId)} отменено.`,
  }),
};

export const commissions = {
  notices,
  reasons: {
    won: "Сделка успешна",
    amount_changed: "Изменилась сумма сделки",
    reversed: "Сделка вышла из статуса «успешна»",
    deleted: "Сделка удалена в Битрикс24",
    manual: "Изменено администратором",
  },
  events: {
    status: (name: string) => `Статус в Битрикс24: ${name}`,
    deleted: "Удалено в Битрикс24",
    dealAttached: "Лид сконвертирован в сделку",
    commissionFlagged: "Изменение по оплаченному клиенту: требуется проверка администратора",
  },
  flagged: "Требует проверки",
};
