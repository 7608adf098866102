/** Zod schemas of the link forms (partner links and the admin's default links). */
import { z } from "zod";
import { t } from "../../i18n/ru.js";
import { checkTargetUrl } from "../../lib/target-url.js";
import { optionalText, requiredText } from "../../web/fields.js";
import type { LinkInput } from "./links.js";

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

/** A direct link needs a target; a landing link a landing (ownership is checked by the route). */
export const linkInput = (allowedHosts: readonly string[]) =>
  z
    .object({
      title: requiredText(200),
      link_type: z.enum(["direct", "landing", "iframe"], t.links.fields.typeInvalid).default("direct"),
      target_url: z.string().optional(),
      landing_id: z.string().optional(),
      ...utmFields,
    })
    .transform((v, ctx): LinkInput => {
      let targetUrl: string | null = null;
      let landingId: number | null = null;
      if (v.link_type === "direct") {
        const parsed = targetUrlField(allowedHosts).safeParse(v.target_url ?? "");
        if (parsed.success) targetUrl = parsed.data;
        else ctx.addIssue({ code: "custom", path: ["target_url"], message: parsed.error.issues[0]?.message ?? t.validation.required });
      }
      if (v.link_type === "landing") {
        landingId = /^[1-9]\d{0,15}$/.test(v.landing_id ?? "") ? Number(v.landing_id) : null;
        if (landingId === null) ctx.addIssue({ code: "custom", path: ["landing_id"], message: t.links.fields.landingRequired });
      }
      return {
        title: v.title,
        linkType: v.link_type,
        targetUrl,
        landingId,
        utmSource: v.utm_source,
        utmMedium: v.utm_medium,
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
