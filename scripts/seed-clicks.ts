/**
 * Demo clicks with a believable shape: busy weekdays, quiet weekends, a slow rise over the period,
 * daytime hours, some repeat visitors and a few bots. Written with the click flusher's own statements
 * (clickWriteStatements: raw clicks, the daily roll-up, unique visitors by trigger), so every page
 * reads them exactly as it reads real traffic.
 */
import type { Client } from "@libsql/client";
import { type ClickRow, clickWriteStatements } from "../src/features/links/click-rollup.js";
import { dayOf, dayStartMs, lastDays } from "../src/lib/day.js";

export type Random = () => number;

/** A small seeded generator (mulberry32): the same demo on every fresh run. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const MINUTE = 60_000;

/**
 * `days` before `now`, moved back a few hours by a fixed amount per `salt`, so the demo's events do not
 * all share the clock time the seed ran at (never more than half the span, so recent ones stay recent).
 */
export function ago(now: number, days: number, salt: number): number {
  const offset = Math.min((((salt * 7919) % 300) + 17) * MINUTE, (days * 86_400_000) / 2);
  return now - days * 86_400_000 - offset;
}

/** A working-hours delay after an event: 2 to 8 hours, fixed per `salt`. */
export const later = (salt: number) => (120 + ((salt * 4099) % 360)) * MINUTE;

export type ClickPlan = {
  linkId: number;
  /** Human clicks on an ordinary weekday at the end of the period. */
  weekdayClicks: number;
  /** The first day (days ago) the link got traffic; older days stay empty. */
  sinceDaysAgo: number;
  /** The last day (days ago) with traffic, for a link switched off since; 0 (today) when left out. */
  untilDaysAgo?: number;
};

const HOUR = 3_600_000;
/** Sunday first, as Date.getUTCDay counts: weekends are about half a weekday. */
const WEEKDAY_FACTOR = [0.5, 1.1, 1.2, 1.1, 1.05, 0.95, 0.55];
const HUMAN_AGENTS = [
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (Linux; Android 14; SM-A546B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36",
  "Mozilla/5.0 (Linux; Android 13; Redmi Note 12) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Mobile Safari/537.36",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 YaBrowser/24.6 Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
];
const BOT_AGENTS = ["Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)", "TelegramBot (like TwitterBot)"];
const REFERERS = [null, null, "https://t.me/", "https://vk.com/", "https://web.whatsapp.com/", "https://yandex.ru/", "https://dzen.ru/"];
const FIRST_OCTETS = [5, 31, 46, 77, 85, 95, 109, 178, 188, 213];

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

/** An hour of the day weighted towards 10:00–22:00, as messenger traffic is. */
function hourOfDay(random: Random): number {
  for (;;) {
    const hour = random() * 24;
    const weight = hour < 7 ? 0.1 : hour < 10 ? 0.6 : hour < 22 ? 1 : 0.4;
    if (random() < weight) return hour;
  }
}

/** The click rows of one plan over the last `days` days (today up to `now`). */
export function clickRows(plan: ClickPlan, o: { now: number; days: number; timeZone: string; random: Random }): ClickRow[] {
  const rows: ClickRow[] = [];
  const days = lastDays(o.now, o.days, o.timeZone);
  let visitorSeq = 0;
  days.forEach((day, index) => {
    const daysAgo = days.length - 1 - index;
    if (daysAgo > plan.sinceDaysAgo || daysAgo < (plan.untilDaysAgo ?? 0)) return;
    const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
    const growth = 0.6 + 0.4 * (index / Math.max(1, days.length - 1));
    const noise = 0.8 + o.random() * 0.4;
    const count = Math.round(plan.weekdayClicks * (WEEKDAY_FACTOR[weekday] ?? 1) * growth * noise);
    const start = dayStartMs(day, o.timeZone);
    type Visitor = { hash: string; ip: string; agent: string };
    let last: Visitor | null = null;
    for (let i = 0; i < count; i++) {
      const at = Math.min(start + Math.floor(hourOfDay(o.random) * HOUR), o.now - 60_000);
      if (dayOf(at, o.timeZone) !== day) continue;
      const isBot = o.random() < 0.04;
      const repeat: boolean = !isBot && last !== null && o.random() < 0.25;
      const visitor: Visitor =
        repeat && last
          ? last
          : {
              hash: `${plan.linkId.toString(16)}${day.replaceAll("-", "")}${(++visitorSeq).toString(16).padStart(6, "0")}`.padEnd(32, "0"),
              ip: isBot
                ? `213.180.${Math.floor(o.random() * 256)}.0`
                : `${pick(o.random, FIRST_OCTETS)}.${Math.floor(o.random() * 256)}.${Math.floor(o.random() * 256)}.0`,
              agent: isBot ? pick(o.random, BOT_AGENTS) : pick(o.random, HUMAN_AGENTS),
            };
      if (!isBot) last = visitor;
      rows.push({
        linkId: plan.linkId,
        at,
        day,
        ip: visitor.ip,
        userAgent: visitor.agent,
        referer: pick(o.random, REFERERS),
        visitorHash: visitor.hash,
        isBot,
      });
    }
  });
  return rows.sort((a, b) => a.at - b.at);
}

/** Writes the plans' clicks a few thousand at a time, as the flusher would; returns how many. */
export async function seedClicks(client: Client, plans: ClickPlan[], o: { now: number; days: number; timeZone: string; random: Random }): Promise<number> {
  const rows = plans.flatMap((plan) => clickRows(plan, o)).sort((a, b) => a.at - b.at);
  for (let i = 0; i < rows.length; i += 5000) await client.batch(clickWriteStatements(rows.slice(i, i + 5000)), "write");
  return rows.length;
}
