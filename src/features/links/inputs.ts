/** Zod schemas of the link forms (partner links and the admin's default links). */
import { z } from "zod";
import { t } from "../../i18n/ru.js";
import { checkTargetUrl } from "../../lib/target-url.js";
import { optionalText, requiredText } from "../../web/fields.js";
import type { LinkInput } from "./links.js";
import { type LinkListFilters, linkSorts, linkStatuses } from "./list.js";

/** The /links query string, read leniently: an unknown value means the default, never an error. */
export const linkListQuery = z.object({
  // A longer search is cut, not refused: it still finds what its start matches.
  q: z
    .string()
    .catch("")
    .transform((v) =>
      v
        .replace(/[\u0000-\u001f\u007f]/g, " ")
        .trim()
        .slice(0, 100),
    ),
  status: z.enum(linkStatuses).catch("all"),
  sort: z.enum(linkSorts).catch("newest"),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});
export type LinkListQuery = z.infer<typeof linkListQuery>;

export function listFiltersOf(q: LinkListQuery): LinkListFilters {
  return { search: q.q, status: q.status, sort: q.sort };
}

/** The query parameters that differ from the defaults, for pagination links. */
export function listParamsOf(q: LinkListQuery): Record<string, string> {
  const params: Record<string, string> = {};
  if (q.q) params.q = q.q;
  if (q.status !== "all") params.status = q.status;
  if (q.sort !== "newest") params.sort = q.sort;
  return params;
}

/**
 * Ready-made analytics tags for where a partner shares a link. The form's script fills them in; without
 * JavaScript the chosen preset fills only the fields left empty.
 */
export const utmPresets = {
  telegram: { utm_source: "telegram", utm_medium: "messenger" },
  vk: { utm_source: "vk", utm_medium: "social" },
  whatsapp: { utm_source: "whatsapp", utm_medium: "messenger" },
  email: { utm_source: "email", utm_medium: "email" },
  offline: { utm_source: "offline", utm_medium: "qr" },
} as const;
export type UtmPreset = keyof typeof utmPresets;
export const utmPresetNames = Object.keys(utmPresets) as UtmPreset[];

/** A target URL, stored normalised (punycode host, percent-encoded path); `allowedHosts` is the admin's allowlist (empty: any public host). */
export const targetUrlField = (allowedHosts: readonly string[]) =>
  z
    .string(t.validation.required)
    .trim()
    .min(1, t.validation.required)
    .transform((v, ctx) => {
      const checked = checkTargetUrl(v, allowedHosts);
      if (checked.ok) return checked.url;
      ctx.addIssue({ code: "custom", message: t.links.urlErrors[checked.problem] });
      return z.NEVER;
    });

const utmFields = {
  utm_source: optionalText(200),
  utm_medium: optionalText(200),
  utm_campaign: optionalText(200),
  utm_content: optionalText(200),
  utm_term: optionalText(200),
};

/**
 * The chosen type's own field: a direct link needs a target, a landing link a landing (its ownership
 * is checked by the route). Also run on a form that failed elsewhere, so every error shows at once.
 */
export function typeFields(v: { link_type?: string; target_url?: string; landing_id?: string }, allowedHosts: readonly string[]) {
  let targetUrl: string | null = null;
  let landingId: number | null = null;
  const errors: Record<string, string> = {};
  if ((v.link_type ?? "direct") === "direct") {
    const parsed = targetUrlField(allowedHosts).safeParse(v.target_url ?? "");
    if (parsed.success) targetUrl = parsed.data;
    else errors.target_url = parsed.error.issues[0]?.message ?? t.validation.required;
  }
  if (v.link_type === "landing") {
    landingId = /^[1-9]\d{0,15}$/.test(v.landing_id ?? "") ? Number(v.landing_id) : null;
    if (landingId === null) errors.landing_id = t.links.fields.landingRequired;
  }
  return { targetUrl, landingId, errors };
}

export const linkInput = (allowedHosts: readonly string[]) =>
  z
    .object({
      title: requiredText(200),
      link_type: z.enum(["direct", "landing", "iframe"], t.links.fields.typeInvalid).default("direct"),
      target_url: z.string().optional(),
      landing_id: z.string().optional(),
      ...utmFields,
      utm_preset: z.enum(["", ...utmPresetNames], t.links.fields.utmPresetInvalid).default(""),
    })
    .transform((v, ctx): LinkInput => {
      const preset = v.utm_preset === "" ? null : utmPresets[v.utm_preset];
      const { targetUrl, landingId, errors } = typeFields(v, allowedHosts);
      for (const [field, message] of Object.entries(errors)) ctx.addIssue({ code: "custom", path: [field], message });
      return {
        title: v.title,
        linkType: v.link_type,
        targetUrl,
        landingId,
        utmSource: v.utm_source ?? preset?.utm_source ?? null,
        utmMedium: v.utm_medium ?? preset?.utm_medium ?? null,
        utmCampaign: v.utm_campaign,
        utmContent: v.utm_content,
        utmTerm: v.utm_term,
      };
    });

export const defaultLinkInput = (allowedHosts: readonly string[]) =>
  z.object({
    title: requiredText(200),
    target_url: targetUrlField(allowedHosts),
    utm_source: utmFields.utm_source,
    utm_medium: utmFields.utm_medium,
    utm_campaign: utmFields.utm_campaign,
    utm_content: utmFields.utm_content,
  });
