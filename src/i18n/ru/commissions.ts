/** Commission texts: partner notifications, history reasons, timeline entries, the money block, the global rate, flagged clients. */
import type { CommissionNotice, CommissionTexts } from "../../features/commissions/commissions.js";
import { formatCount, formatMoney } from "../format.js";

/** Amounts in another currency are shown with its code instead of the rouble sign. */
const money = (kopecks: number, currencyId: string | null) =>
  !currencyId || currencyId === "RUB" ? formatMoney(kopecks) : `${formatMoney(kopecks).replace(/\u00a0₽$/, "")}\u00a0${currencyId}`;

/** Basis points as a percentage: 1000 → «10 %», 750 → «7,5 %», 1234 → «12,34 %». */
const rate = (bp: number) => `${percentOf(bp)}\u00a0%`;

/** Basis points as the admin types them: 750 → «7,5». */
const percentOf = (bp: number) => {
  const fraction = String(bp % 100)
    .padStart(2, "0")
    .replace(/0+$/, "");
  return `${Math.trunc(bp / 100)}${fraction ? `,${fraction}` : ""}`;
};

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
  money,
  rate,
  percentOf,
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
  /** The client page's money card (partner side). */
  block: {
    heading: "Деньги",
    amount: "Сумма сделки",
    commission: "Вознаграждение",
    rate: "Ставка",
    rateNow: (rateText: string) => `${rateText} — действует сейчас; закрепится, когда сделка станет успешной`,
    payout: "Выплата",
    noAmount: "сумма появится, когда менеджер укажет её в сделке",
    pendingWon: "начислится, когда сделка станет успешной",
    paid: (date: string) => `выплачено ${date}`,
    requested: { pending: "в заявке на выплату, ждёт решения", approved: "в заявке на выплату, одобрено к оплате" },
    notPaid: "не выплачено",
    nothingToPay: "нечего выплачивать",
  },
  history: {
    heading: "История вознаграждения",
    empty: "Вознаграждение ещё не начислялось.",
    details: (amount: string, rateText: string) => `Сделка ${amount}, ставка ${rateText}`,
    note: "Комментарий администратора",
  },
  /** The global rate on /admin/settings. */
  globalRate: {
    heading: "Вознаграждение партнёров",
    label: "Общая ставка, %",
    hint: "От 0 до 100, например 10 или 7,5. Ставка фиксируется, когда сделка становится успешной: изменение коснётся только будущих начислений, уже начисленные суммы не пересчитываются. Личная ставка партнёра (на его странице) важнее общей.",
    current: (rateText: string) => `Сейчас действует: ${rateText}`,
    currentDefault: (rateText: string) => `Сейчас действует: ${rateText} (значение по умолчанию из настроек сервера)`,
    submit: "Сохранить ставку",
    saved: (rateText: string) => `Общая ставка вознаграждения: ${rateText}`,
    invalid: "Укажите процент числом от 0 до 100, например 10 или 7,5",
    tooManyDecimals: "Не больше двух знаков после запятой",
    tooLarge: "Не больше 100 %",
  },
  /** Clients whose deal changed after they were paid (/admin/crm). */
  flaggedList: {
    heading: "Изменения по оплаченным клиентам",
    intro: "Сделка изменилась после выплаты: деньги не пересчитаны автоматически. Проверьте и решите на странице партнёра.",
    empty: "Таких клиентов нет.",
    total: (n: number) => `Всего: ${formatCount(n)}`,
    columns: { partner: "Партнёр", client: "Клиент", paid: "Выплачено", wouldBe: "Стало бы", reason: "Что изменилось", date: "Когда" },
  },
};
