/** The partner's home page (/dashboard) and the chart island's texts. */
import { countOf, formatCount, type PluralForms } from "../format.js";

const clickWords: PluralForms = ["переход", "перехода", "переходов"];
const visitorWords: PluralForms = ["посетитель", "посетителя", "посетителей"];

export const dashboard = {
  title: "Главная",
  greeting: (name: string) => `Здравствуйте, ${name}!`,
  share: {
    heading: "Ваша ссылка для клиентов",
    intro: (title: string) => `Отправьте её клиентам: каждый переход и каждая заявка по ней засчитываются вам. Ссылка «${title}».`,
    openLink: "Все настройки ссылки",
    otherLinks: "Другие ссылки",
    qrAlt: "QR-код вашей ссылки",
    emptyHeading: "У вас пока нет ссылки",
    empty: "Создайте ссылку и отправьте её клиентам: по ней мы поймём, что клиент пришёл от вас.",
    create: "Создать ссылку",
  },
  money: {
    heading: "Деньги",
    payable: "Доступно к выплате",
    request: "Запросить выплату",
    requested: (amount: string) => `Ещё ${amount} — в запросах на выплату`,
    nothingYet: "Вознаграждение появится здесь после первой успешной сделки.",
    onHold: "На удержании",
    onHoldHint: (days: number) => `Станет доступным через ${countOf(days, ["день", "дня", "дней"])} после успешной сделки`,
    paid: "Выплачено",
    paidHint: "За всё время",
    all: "Все выплаты",
  },
  activity: {
    heading: "За 30 дней",
    clicks: "Переходы",
    visitors: (n: string) => `уникальных посетителей: ${n}`,
    leads: "Заявки",
    conversion: (percent: string) => `конверсия ${percent}`,
    conversionCapped: (percent: string) => `конверсия ${percent} и выше`,
    conversionHint:
      "Конверсия — заявки, делённые на уникальных посетителей за те же 30 дней. Посетитель считается раз в день на каждой ссылке, а заявки, добавленные вручную, тоже входят, поэтому больше 100 % не показываем.",
    noVisitors: "конверсия появится после первых переходов",
    won: "Успешные сделки",
    earned: (amount: string) => `вознаграждение ${amount}`,
    chartHeading: "Переходы по дням",
    chartCaption: (clicks: number, visitors: number) =>
      `Сколько раз за последние 30 дней открывали ваши ссылки (переходы) и сколько разных людей это было (уникальные посетители). Всего переходов: ${formatCount(clicks)}, посетителей: ${formatCount(visitors)}.`,
    chartLabel: (clicks: number) => `График переходов по дням за 30 дней, всего ${formatCount(clicks)}`,
    chartEmpty: "За последние 30 дней переходов по вашим ссылкам не было. Когда клиенты начнут открывать ссылку, здесь появится график по дням.",
    topLinks: "Лучшие ссылки за 30 дней",
    topLinkStats: (clicks: number, visitors: number) => `${countOf(clicks, clickWords)}, ${countOf(visitors, visitorWords)}`,
  },
  clients: {
    heading: "Ваши клиенты",
    groups: { new: "Новые", in_progress: "В работе", won: "Успешные", lost: "Не состоялись" },
    groupHints: {
      new: "компания ещё не начала работу",
      in_progress: "менеджер работает с клиентом",
      won: "сделка заключена",
      lost: "сделка не состоялась",
    },
    none: "Клиентов пока нет. Они появятся здесь, когда кто-нибудь оставит заявку по вашей ссылке.",
    wonTotal: "Сумма успешных сделок",
    wonCommission: "Ваше вознаграждение по ним",
    wonCurrency: (currency: string) => `в валюте ${currency}`,
    undelivered: (n: string) => `Ещё не переданы в компанию: ${n}. Менеджер видит их и отправит повторно, ничего делать не нужно.`,
    all: "Все клиенты",
  },
  welcome: {
    heading: "Ваша учётная запись одобрена",
    since: (date: string) => `Вы партнёр с ${date}. Добро пожаловать!`,
    codeLabel: "Ваш партнёрский код",
  },
  steps: {
    heading: "С чего начать",
    done: "готово",
    todo: "сделать",
    share: "Отправьте ссылку клиентам (отметится после первого перехода)",
    shareAction: "Открыть ссылку",
    createAction: "Создать ссылку",
    profile: "Заполните профиль: компания и телефон",
    profileAction: "Открыть профиль",
    requisites: "Добавьте реквизиты, на которые будем выплачивать вознаграждение",
    requisitesAction: "Добавить реквизиты",
  },
  latest: "Последние уведомления",
  unreadNotifications: (n: number) => countOf(n, ["непрочитанное уведомление", "непрочитанных уведомления", "непрочитанных уведомлений"]),
  noUnread: "Непрочитанных уведомлений нет",
};

/** Default texts of the chart island (views/components/chart.tsx) when the page gives none. */
export const dashboardCards = {
  chartEmpty: "За эти 30 дней данных нет — график появится после первого перехода.",
  chartCaption: (names: string[]) => `${names.map((n, i) => (i === 0 ? n : n.toLowerCase())).join(" и ")} по дням за последние 30 дней.`,
};
