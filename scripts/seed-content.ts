/**
 * A demo partner's own material: landings with real pictures (stored through the landing image
 * functions, re-encoded like an upload), links of every type (direct, landing, iframe; one switched
 * off) and their clicks over the last 60 days. Written once per partner: a partner who already has
 * landings or non-default links is left as is.
 */
import type { Client } from "@libsql/client";
import { and, count, eq, isNull } from "drizzle-orm";
import type { Db } from "../src/db/client.js";
import { type Landing, type Link, landings, links } from "../src/db/schema.js";
import { addImagesWithinCaps, storeLandingImage } from "../src/features/landings/image-upload.js";
import { createLanding, type LandingInput } from "../src/features/landings/landings.js";
import { createLink, setLinkActive } from "../src/features/links/links.js";
import { checkTargetUrl } from "../src/lib/target-url.js";
import { DEMO_SITE, type DemoPartnerKey } from "./seed-accounts.js";
import { ago, type ClickPlan, type Random, seedClicks } from "./seed-clicks.js";
import { landingPhoto, type PhotoSpec } from "./seed-images.js";

const DAY = 86_400_000;

type LandingSpec = LandingInput & { key: string; daysAgo: number; photos: PhotoSpec[] };
type LinkSpec = {
  title: string;
  type: "direct" | "landing" | "iframe";
  /** A path on the company site (direct links) or the landing's key. */
  target: string;
  utm: [source: string | null, medium: string | null, campaign: string | null];
  daysAgo: number;
  clicks: Omit<ClickPlan, "linkId">;
  inactive?: boolean;
};
type ContentSpec = { landings: LandingSpec[]; links: LinkSpec[]; defaultLinkClicks: number };

const CONTENT: Record<DemoPartnerKey, ContentSpec | null> = {
  anna: {
    landings: [
      {
        key: "crm",
        title: "Внедрение CRM — весенняя кампания",
        headerText: "Внедрим Битрикс24 за 14 дней",
        description:
          "Настроим воронку продаж, телефонию и отчёты под ваш бизнес, обучим команду и останемся на связи после запуска.\nОставьте телефон — менеджер «Северного ветра» перезвонит в течение часа и расскажет, с чего начать.",
        buttonText: "Получить консультацию",
        themeColor: "#0e7c66",
        daysAgo: 58,
        photos: [
          { from: "#0e7c66", to: "#1f5fbf", title: "CRM под ключ", caption: "Внедрим Битрикс24 за 14 дней", motif: "chart" },
          { from: "#134e4a", to: "#0e7c66", title: "Поддержка 24/7", caption: "Остаёмся на связи после запуска", motif: "handshake" },
        ],
      },
      {
        key: "consult",
        title: "Консультация для малого бизнеса",
        headerText: "Бесплатная консультация по автоматизации продаж",
        description:
          "За 30 минут разберём, где теряются заявки, и покажем, как навести порядок в продажах без лишних затрат.\nКонсультация ни к чему не обязывает.",
        buttonText: "Записаться на консультацию",
        themeColor: "#c2410c",
        daysAgo: 30,
        photos: [{ from: "#b4432a", to: "#e59f3c", title: "Команда на связи", caption: "Бесплатная консультация", motif: "people" }],
      },
    ],
    links: [
      {
        title: "Telegram-канал: основная ссылка",
        type: "direct",
        target: "/crm",
        utm: ["telegram", "social", "spring"],
        daysAgo: 62,
        clicks: { weekdayClicks: 30, sinceDaysAgo: 60 },
      },
      {
        title: "Пост ВКонтакте про аудит продаж",
        type: "direct",
        target: "/audit",
        utm: ["vk", "social", "audit"],
        daysAgo: 47,
        clicks: { weekdayClicks: 12, sinceDaysAgo: 45 },
      },
      {
        title: "Посадочная: внедрение CRM",
        type: "landing",
        target: "crm",
        utm: ["whatsapp", "messenger", "spring"],
        daysAgo: 52,
        clicks: { weekdayClicks: 16, sinceDaysAgo: 50 },
      },
      {
        title: "Посадочная: консультация",
        type: "landing",
        target: "consult",
        utm: ["vk", "social", "consult"],
        daysAgo: 27,
        clicks: { weekdayClicks: 8, sinceDaysAgo: 25 },
      },
      {
        title: "Форма заявки на сайте партнёра",
        type: "iframe",
        target: "crm",
        utm: ["partner-site", "embed", null],
        daysAgo: 37,
        clicks: { weekdayClicks: 6, sinceDaysAgo: 35 },
      },
      {
        title: "QR-код на визитках",
        type: "direct",
        target: "/",
        utm: ["offline", "qr", "cards"],
        daysAgo: 60,
        clicks: { weekdayClicks: 4, sinceDaysAgo: 58 },
      },
      {
        title: "Рассылка по клиентам",
        type: "direct",
        target: "/crm/prices",
        utm: ["email", "newsletter", "digest"],
        daysAgo: 21,
        clicks: { weekdayClicks: 5, sinceDaysAgo: 20 },
      },
      {
        title: "Зимняя акция (завершена)",
        type: "direct",
        target: "/winter",
        utm: ["telegram", "social", "winter"],
        daysAgo: 70,
        clicks: { weekdayClicks: 9, sinceDaysAgo: 60, untilDaysAgo: 40 },
        inactive: true,
      },
    ],
    defaultLinkClicks: 10,
  },
  boris: {
    landings: [],
    links: [
      {
        title: "Сайт: тарифы",
        type: "direct",
        target: "/prices",
        utm: ["telegram", "social", null],
        daysAgo: 36,
        clicks: { weekdayClicks: 12, sinceDaysAgo: 35 },
      },
    ],
    defaultLinkClicks: 7,
  },
  long: {
    landings: [],
    links: [
      {
        title: "Очень длинное название ссылки для проверки вёрстки: весенняя рекламная кампания в социальных сетях и мессенджерах",
        type: "direct",
        target: "/realty/partners?utm_content=long-campaign-name",
        utm: ["vk", "cpc", "spring-realty-northwest-2026"],
        daysAgo: 25,
        clicks: { weekdayClicks: 5, sinceDaysAgo: 24 },
      },
    ],
    defaultLinkClicks: 3,
  },
  vera: null,
};

export type SeededContent = { landings: Map<string, Landing>; links: Link[]; clicks: number };

async function hasOwnContent(db: Db, partnerId: number): Promise<boolean> {
  const ownLanding = await db.select({ n: count() }).from(landings).where(eq(landings.partnerId, partnerId)).get();
  const ownLinks = await db
    .select({ n: count() })
    .from(links)
    .where(and(eq(links.partnerId, partnerId), isNull(links.defaultLinkId)))
    .get();
  return (ownLanding?.n ?? 0) + (ownLinks?.n ?? 0) > 0;
}

async function seedLanding(db: Db, uploadDir: string, partnerId: number, spec: LandingSpec, now: number): Promise<Landing> {
  const { key: _key, daysAgo, photos, ...input } = spec;
  const at = ago(now, daysAgo, daysAgo);
  const landing = await createLanding(db, partnerId, input, at);
  const images = [];
  for (const photo of photos) {
    const stored = await storeLandingImage(uploadDir, await landingPhoto(photo));
    if (!stored.ok) throw new Error(`seed: landing image refused (${stored.problem})`);
    images.push(stored.image);
  }
  const added = await addImagesWithinCaps(db, partnerId, landing.id, images, at + 600_000);
  if (!added.ok) throw new Error(`seed: landing images refused (${added.reason})`);
  return landing;
}

function targetOf(path: string): string {
  const checked = checkTargetUrl(`${DEMO_SITE}${path}`);
  if (!checked.ok) throw new Error(`seed: bad demo target ${path} (${checked.problem})`);
  return checked.url;
}

export async function seedPartnerContent(
  db: Db,
  client: Client,
  o: { partnerId: number; key: DemoPartnerKey; uploadDir: string; now: number; timeZone: string; random: Random },
): Promise<SeededContent | null> {
  const spec = CONTENT[o.key];
  if (!spec || (await hasOwnContent(db, o.partnerId))) return null;
  const byKey = new Map<string, Landing>();
  for (const l of spec.landings) byKey.set(l.key, await seedLanding(db, o.uploadDir, o.partnerId, l, o.now));

  const plans: ClickPlan[] = [];
  const made: Link[] = [];
  const defaults = await db
    .select()
    .from(links)
    .where(and(eq(links.partnerId, o.partnerId), eq(links.linkType, "direct")))
    .all();
  for (const d of defaults.filter((l) => l.defaultLinkId !== null)) plans.push({ linkId: d.id, weekdayClicks: spec.defaultLinkClicks, sinceDaysAgo: 59 });
  for (const l of spec.links) {
    const landing = l.type === "direct" ? null : byKey.get(l.target);
    if (l.type !== "direct" && !landing) throw new Error(`seed: no landing ${l.target}`);
    const [utmSource, utmMedium, utmCampaign] = l.utm;
    const at = ago(o.now, l.daysAgo, 30 + made.length);
    let link = await createLink(
      db,
      o.partnerId,
      {
        title: l.title,
        linkType: l.type,
        targetUrl: l.type === "direct" ? targetOf(l.target) : null,
        landingId: landing?.id ?? null,
        utmSource,
        utmMedium,
        utmCampaign,
        utmContent: null,
        utmTerm: null,
      },
      at,
    );
    if (l.inactive) link = (await setLinkActive(db, o.partnerId, link.id, false, o.now - (l.clicks.untilDaysAgo ?? 0) * DAY)) ?? link;
    made.push(link);
    plans.push({ linkId: link.id, ...l.clicks });
  }
  const clicks = await seedClicks(client, plans, { now: o.now, days: 60, timeZone: o.timeZone, random: o.random });
  return { landings: byKey, links: made, clicks };
}
