/**
 * Chat scale data for `npm run db:seed -- --scale` (through seed-scale.ts) and `npm run bench`
 * (bench/chat.ts: 10 000 partners × 100 messages). Two set-based statements write every message
 * and every conversation, so a million messages take seconds, not minutes:
 * - messages: `json_each(<partner ids>)` × a recursive counter, one INSERT … SELECT. Rows come out
 *   partner by partner, so each conversation's ids are contiguous and both chat_messages indexes
 *   grow at their right edge (no random B-tree inserts);
 * - conversations: one INSERT … SELECT … GROUP BY over those messages, then the unread counters
 *   from the read positions — the same invariants sendMessage keeps: a sender has read everything up
 *   to their own last message; ~30 % of partners have 1–5 unread company messages, ~10 % of
 *   conversations 1–5 unread partner messages.
 * Who wrote a message is a fixed hash of (partner, n), not random(): SQLite may evaluate a
 * subquery column once per reference, and the sender, body and flag must agree.
 */
import type { Client } from "@libsql/client";

export type ChatSeedOptions = {
  partnerIds: readonly number[];
  messagesPerPartner: number;
  /** Senders of the company's messages, in turn; none → sender unknown (as after an admin is removed). */
  adminIds: readonly number[];
  now: number;
  /** Conversations end somewhere in the last `days / 2` days and each spans `days / 2`. */
  days: number;
};
export type ChatSeedSummary = { conversations: number; messages: number; ms: number };

const DAY_MS = 86_400_000;
const ADMIN_SHARE_PERCENT = 45;
const PARTNER_UNREAD_PERCENT = 30;
const ADMIN_UNREAD_PERCENT = 10;
/**
 * How many of the last messages of partner `id`'s conversation the other side has not read: 1–5 company
 * messages for PARTNER_UNREAD_PERCENT of partners, 1–5 partner messages for the next ADMIN_UNREAD_PERCENT.
 * The same expression shapes the messages (the trailing run is the other side's) and the read positions.
 */
const unreadRun = (id: string, from: number, share: number) =>
  `(case when (${id} * 40503) % 100 >= ${from} and (${id} * 40503) % 100 < ${from + share} then 1 + ${id} % 5 else 0 end)`;
const partnerUnread = (id: string) => unreadRun(id, 0, PARTNER_UNREAD_PERCENT);
const adminUnread = (id: string) => unreadRun(id, PARTNER_UNREAD_PERCENT, ADMIN_UNREAD_PERCENT);

const PARTNER_TEXTS = [
  "Добрый день! Подскажите, когда придёт выплата за прошлый месяц?",
  "Клиент оставил заявку по моей ссылке, но в кабинете её пока не видно.",
  "Спасибо, всё получилось.",
  "Можно ли сделать отдельную ссылку для рассылки в Telegram?",
  "Отправил реквизиты, проверьте, пожалуйста.\nИНН указал новый.",
  "Какие условия по вознаграждению для крупных заказов?",
];
const COMPANY_TEXTS = [
  "Здравствуйте! Выплата в работе, деньги поступят в течение трёх рабочих дней.",
  "Проверили: заявка пришла, менеджер уже связался с клиентом.",
  "Да, создайте новую ссылку в разделе «Ссылки» и укажите метку utm_source=telegram.",
  "Реквизиты получили, всё в порядке.",
  "Для заказов от 500 000 ₽ ставка 12 %. Подробности пришлём письмом.",
  "Пожалуйста! Обращайтесь, если будут вопросы.",
];

export async function seedChat(client: Client, o: ChatSeedOptions): Promise<ChatSeedSummary> {
  const started = performance.now();
  if (o.partnerIds.length === 0 || o.messagesPerPartner < 1) return { conversations: 0, messages: 0, ms: 0 };
  const ids = JSON.stringify(o.partnerIds);
  const admins = o.adminIds.filter((id) => Number.isSafeInteger(id));
  // Integers from our own users table, written into the SQL as literals (a CASE is cheaper than json_extract per row).
  const sender = admins.length ? `case r.n % ${admins.length} ${admins.map((id, k) => `when ${k} then ${id}`).join(" ")} end` : "null";
  const halfSpan = Math.max(1, Math.floor((o.days * DAY_MS) / 2));
  const step = Math.max(1, Math.floor(halfSpan / o.messagesPerPartner));
  const inserted = await client.execute({
    sql: `insert into chat_messages (partner_id, sender_id, from_admin, body, idempotency_key, created_at)
      with recursive seq(n) as (select 1 union all select n + 1 from seq where n < :m),
        rows as (
          select p.key as i, p.value as id, s.n as n,
            case when s.n > :m - ${partnerUnread("p.value")} then 1 when s.n > :m - ${adminUnread("p.value")} then 0
              else (((p.value * 7919 + s.n * 104729) * 2654435761) / 4096) % 100 < ${ADMIN_SHARE_PERCENT} end as fa
          from json_each(:ids) p cross join seq s)
      select r.id, case when r.fa then ${sender} else r.id end, r.fa,
        case when r.fa then json_extract(:company, printf('$[%d]', (r.n + r.i) % :companyCount))
          else json_extract(:partner, printf('$[%d]', (r.n + r.i) % :partnerCount)) end,
        printf('seed%08x%06x', r.id, r.n),
        :now - (r.i * 7919113) % :halfSpan - (:m - r.n) * :step
      from rows r`,
    args: {
      m: o.messagesPerPartner,
      ids,
      company: JSON.stringify(COMPANY_TEXTS),
      companyCount: COMPANY_TEXTS.length,
      partner: JSON.stringify(PARTNER_TEXTS),
      partnerCount: PARTNER_TEXTS.length,
      now: o.now,
      halfSpan,
      step,
    },
  });
  // Read positions: everything up to one's own last message, and not the other side's trailing run.
  const conversations = await client.execute({
    sql: `insert into chat_conversations
        (partner_id, last_message_id, last_message_at, admin_read_id, partner_read_id, version, created_at)
      select partner_id, max(id), max(created_at),
        max(coalesce(max(case when from_admin = 1 then id end), 0),
          max(id) - ${adminUnread("partner_id")}),
        max(coalesce(max(case when from_admin = 0 then id end), 0),
          max(id) - ${partnerUnread("partner_id")}),
        count(*) * 2, min(created_at)
      from chat_messages where partner_id in (select value from json_each(:ids))
      group by partner_id`,
    args: { ids },
  });
  await client.execute({
    sql: `update chat_conversations set
        admin_unread = (select count(*) from chat_messages m where m.partner_id = chat_conversations.partner_id
          and m.id > chat_conversations.admin_read_id and m.from_admin = 0),
        partner_unread = (select count(*) from chat_messages m where m.partner_id = chat_conversations.partner_id
          and m.id > chat_conversations.partner_read_id and m.from_admin = 1)
      where partner_id in (select value from json_each(:ids))`,
    args: { ids },
  });
  return { conversations: conversations.rowsAffected, messages: inserted.rowsAffected, ms: Math.round(performance.now() - started) };
}
