/**
 * Who the demo partners brought and what became of it: every status group (new, in progress, won, lost),
 * deal amounts, the payouts (paid, approved, pending) and what is still to be requested or on hold
 * (the demo payout hold is 14 days). Days are counted back from the moment the seed runs.
 */
import type { StatusGroup } from "../src/features/crm/sync/stages.js";
import type { DemoPartnerKey } from "./seed-accounts.js";

export type StageKey = "new" | "meeting" | "offer" | "won" | "lost";
export type Stage = { statusId: string; name: string; group: StatusGroup };

type Step = { afterDays: number; stage: StageKey; amountRub?: number };
export type ClientSpec = {
  name: string;
  phone: string;
  email?: string;
  company?: string;
  comment?: string;
  /** The title of the partner's landing or iframe link the form was sent from; none = added by hand. */
  via?: string;
  /** Added by hand with the link the client came by (the manual form's «откуда клиент»). */
  from?: string;
  daysAgo: number;
  /** Stages after "new", days after the client came. */
  flow?: Step[];
  /** Still waiting in the Bitrix24 queue (no webhook in the demo). */
  queued?: boolean;
  /** The payout request (key in `payouts`) that claims this won client. */
  payout?: string;
};
type RequisitesSpec = { daysAgo: number; data: { kind: string; details: Record<string, unknown> } };
type PayoutSpec = { key: string; daysAgo: number; status: "pending" | "approved" | "paid"; method?: number; comment?: string; adminComment?: string };
export type MoneySpec = { rateBp?: number; requisites: RequisitesSpec[]; clients: ClientSpec[]; payouts: PayoutSpec[] };

const CRM = "Посадочная: внедрение CRM";
const CONSULT = "Посадочная: консультация";
const EMBED = "Форма заявки на сайте партнёра";
const TELEGRAM = "Telegram-канал: основная ссылка";
const won = (afterDays: number, amountRub: number, meetingAfter = 2): Step[] => [
  { afterDays: meetingAfter, stage: "meeting", amountRub },
  { afterDays: Math.round((meetingAfter + afterDays) / 2), stage: "offer" },
  { afterDays, stage: "won" },
];

export const MONEY: Record<DemoPartnerKey, MoneySpec | null> = {
  anna: {
    requisites: [
      { daysAgo: 70, data: { kind: "card", details: { recipient: "Анна Сергеевна Смирнова", cardNumber: "2202200612345676" } } },
      {
        daysAgo: 30,
        data: {
          kind: "bank_account",
          details: {
            recipient: "ИП Смирнова Анна Сергеевна",
            inn: "500100732259",
            bik: "044525225",
            account: "40802810938000000008",
            corrAccount: "30101810400000000225",
            bankName: "ПАО Сбербанк",
          },
        },
      },
    ],
    clients: [
      {
        name: "Ольга Петрова",
        company: "ООО «Петрова и К»",
        phone: "+79161234501",
        email: "olga.petrova@example.ru",
        via: CRM,
        daysAgo: 50,
        flow: won(8, 320_000),
        payout: "paid",
      },
      {
        name: "Дмитрий Соколов",
        company: "ИП Соколов Д. А.",
        phone: "+79161234502",
        comment: "Рекомендация с выставки",
        from: TELEGRAM,
        daysAgo: 57,
        flow: won(9, 185_000, 3),
        payout: "paid",
      },
      {
        name: "Виктор Макаров",
        company: "ООО «Макаров Трейд»",
        phone: "+79161234517",
        via: CRM,
        daysAgo: 48,
        flow: [
          { afterDays: 3, stage: "meeting", amountRub: 140_000 },
          { afterDays: 10, stage: "lost" },
        ],
      },
      {
        name: "Марина Кузнецова",
        company: "ООО «Кузнецов Логистик»",
        phone: "+79161234503",
        email: "m.kuznetsova@example.ru",
        via: CRM,
        daysAgo: 45,
        flow: won(12, 240_000),
        payout: "open",
      },
      { name: "Игорь Васильев", company: "«Васильев Строй»", phone: "+79161234504", from: TELEGRAM, daysAgo: 40, flow: won(12, 410_000, 3), payout: "open" },
      { name: "Екатерина Морозова", company: "ООО «Морозова Дизайн»", phone: "+79161234505", via: EMBED, daysAgo: 34, flow: won(12, 96_000, 3) },
      {
        name: "Сергей Волков",
        company: "«Волков Авто»",
        phone: "+79161234506",
        email: "volkov.auto@example.ru",
        via: CONSULT,
        daysAgo: 26,
        flow: won(8, 150_000),
      },
      { name: "Елена Зайцева", phone: "+79161234518", via: CONSULT, daysAgo: 22, flow: [{ afterDays: 4, stage: "lost" }] },
      {
        name: "Алексей Лебедев",
        company: "ООО «Лебедев Групп»",
        phone: "+79161234507",
        from: "Пост ВКонтакте про аудит продаж",
        daysAgo: 20,
        flow: won(14, 275_000, 3),
      },
      {
        name: "Наталья Белова",
        phone: "+79161234508",
        email: "belova.n@example.ru",
        via: CRM,
        daysAgo: 16,
        flow: [{ afterDays: 2, stage: "meeting", amountRub: 120_000 }],
      },
      {
        name: "Павел Фёдоров",
        company: "ООО «Фёдоров и сыновья»",
        phone: "+79161234509",
        comment: "Нужна интеграция с 1С и телефонией",
        from: "QR-код на визитках",
        daysAgo: 14,
        flow: [
          { afterDays: 2, stage: "meeting" },
          { afterDays: 5, stage: "offer", amountRub: 380_000 },
        ],
      },
      { name: "Юлия Михайлова", phone: "+79161234510", via: CONSULT, daysAgo: 10, flow: [{ afterDays: 3, stage: "meeting" }] },
      {
        name: "Андрей Егоров",
        company: "ИП Егоров А. В.",
        phone: "+79161234511",
        via: CRM,
        daysAgo: 8,
        flow: [
          { afterDays: 1, stage: "meeting" },
          { afterDays: 4, stage: "offer", amountRub: 210_000 },
        ],
      },
      { name: "Татьяна Павлова", phone: "+79161234512", via: EMBED, daysAgo: 6, flow: [{ afterDays: 2, stage: "meeting" }] },
      { name: "Ирина Захарова", phone: "+79161234513", email: "irina.z@example.ru", via: CONSULT, daysAgo: 5 },
      { name: "Роман Андреев", company: "ООО «Андреев Фуд»", phone: "+79161234514", via: CRM, daysAgo: 3 },
      { name: "Светлана Орлова", phone: "+79161234515", comment: "Просила перезвонить после 18:00", via: CRM, daysAgo: 1 },
      { name: "Артём Никитин", phone: "+79161234516", via: CONSULT, daysAgo: 0.1, queued: true },
    ],
    payouts: [
      { key: "paid", daysAgo: 26, status: "paid", comment: "За апрель", adminComment: "Платёжное поручение № 418" },
      { key: "open", daysAgo: 2, status: "pending", method: 1 },
    ],
  },
  boris: {
    requisites: [{ daysAgo: 25, data: { kind: "card", details: { recipient: "Борис Игоревич Козлов", cardNumber: "4276001234567896" } } }],
    clients: [
      {
        name: "Галина Романова",
        company: "«Романова Флористика»",
        phone: "+79031112201",
        from: "Сайт: тарифы",
        daysAgo: 30,
        flow: won(8, 90_000),
        payout: "open",
      },
      { name: "Олег Медведев", phone: "+79031112202", daysAgo: 12, flow: [{ afterDays: 3, stage: "meeting", amountRub: 60_000 }] },
      { name: "Кирилл Титов", phone: "+79031112203", daysAgo: 2 },
    ],
    payouts: [{ key: "open", daysAgo: 1, status: "pending" }],
  },
  long: {
    rateBp: 1200,
    requisites: [
      {
        daysAgo: 20,
        data: {
          kind: "self_employed",
          details: {
            recipient: "Верхоленский-Преображенский Константин Александрович",
            inn: "500100732259",
            cardNumber: "2200700987654323",
            npdConfirmed: true,
          },
        },
      },
    ],
    clients: [
      {
        name: "Людмила Григорьева-Старостина",
        company: "ООО «Северо-Западная недвижимость и управление коммерческими объектами»",
        phone: "+78121234567",
        email: "lyudmila.grigorieva-starostina@szn-upravlenie.example.ru",
        daysAgo: 26,
        flow: won(6, 520_000),
        payout: "open",
      },
      { name: "Николай Сорокин", phone: "+78121234568", daysAgo: 15, flow: [{ afterDays: 5, stage: "lost" }] },
    ],
    payouts: [{ key: "open", daysAgo: 4, status: "approved" }],
  },
  vera: null,
};
