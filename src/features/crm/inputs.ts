/** The /admin/crm settings form: its schema, the values it shows for saved settings, and what a valid form saves. */
import { z } from "zod";
import { t } from "../../i18n/ru.js";
import type { FormValues } from "../../web/forms.js";
import { CODE_PLACEHOLDER } from "./attribution/import.js";
import type { CrmSettings } from "./settings/crm-settings.js";
import { COMMENTS, COMPANY_TITLE, commentFieldOf, companyFieldOf, fieldClash, isUserField, NOT_SENT } from "./settings/field-mapping.js";

const m = t.crmAdmin;
const blankToNull = (v: string | undefined) => (v?.trim() ? v.trim() : null);

/** Empty = the default native field; otherwise what settings/field-mapping.ts accepts, upper-cased. */
const commentField = z
  .string()
  .optional()
  .transform((v, ctx) => {
    const field = blankToNull(v) === null ? COMMENTS : commentFieldOf(v ?? "");
    if (field !== null) return field;
    ctx.addIssue({ code: "custom", message: m.commentFieldInvalid });
    return z.NEVER;
  });

/** Empty = COMPANY_TITLE; "none" = not sent (null). */
const companyField = z
  .string()
  .optional()
  .transform((v, ctx) => {
    const field = blankToNull(v) === null ? COMPANY_TITLE : companyFieldOf(v ?? "");
    if (typeof field === "string") return field;
    if (field?.notSent) return null;
    ctx.addIssue({ code: "custom", message: m.companyFieldInvalid });
    return z.NEVER;
  });

export const crmInput = z
  .object({
    webhook_url: z
      .string()
      .optional()
      .transform(blankToNull)
      .refine((v) => v === null || /^https?:\/\/[^/\s@]+\/rest\/\d+\/[A-Za-z0-9_-]+\/?$/.test(v), m.webhookInvalid),
    application_token: z.string().max(200).optional().transform(blankToNull),
    entity_type: z.enum(["lead", "deal"]).catch("lead"),
    category_id: z
      .string()
      .optional()
      .transform((v) => (v && /^\d{1,9}$/.test(v) ? Number(v) : 0)),
    stage_id: z.string().max(100).optional().transform(blankToNull),
    lead_status_id: z.string().max(100).optional().transform(blankToNull),
    assigned_by_id: z
      .string()
      .optional()
      .transform(blankToNull)
      .refine((v) => v === null || /^[1-9]\d{0,9}$/.test(v), m.assignedInvalid)
      .transform((v) => (v === null ? null : Number(v))),
    tracking_field: z
      .string()
      .optional()
      .transform(blankToNull)
      .refine((v) => v === null || isUserField(v), m.trackingInvalid),
    tracking_template: z
      .string()
      .max(100)
      .optional()
      .transform((v) => blankToNull(v) ?? "partner-{code}"),
    comment_field: commentField,
    company_field: companyField,
    // A checkbox: sent as "on" when ticked, absent when not.
    attribution_import: z
      .string()
      .optional()
      .transform((v) => v === "on"),
  })
  .superRefine((d, ctx) => {
    // Two values in one UF field would overwrite each other (the tracking value must survive for the import).
    const clash = fieldClash({ trackingField: d.tracking_field, commentField: d.comment_field, companyField: d.company_field });
    if (clash) ctx.addIssue({ code: "custom", path: [clash === "commentIsTracking" ? "comment_field" : "company_field"], message: m.fieldClash[clash] });
    // The import reads the partner's code back from the tracking field through the template.
    if (!d.attribution_import) return;
    if (!d.tracking_field) ctx.addIssue({ code: "custom", path: ["attribution_import"], message: m.attributionNeedsField });
    else if (!d.tracking_template.includes(CODE_PLACEHOLDER)) ctx.addIssue({ code: "custom", path: ["tracking_template"], message: m.attributionNeedsCode });
  });

export type CrmForm = z.output<typeof crmInput>;

export const crmFormValues = (s: CrmSettings): FormValues => ({
  entity_type: s.entityType,
  category_id: String(s.categoryId),
  stage_id: s.stageId ?? "",
  lead_status_id: s.leadStatusId ?? "",
  assigned_by_id: s.assignedById ? String(s.assignedById) : "",
  tracking_field: s.trackingField ?? "",
  tracking_template: s.trackingTemplate,
  comment_field: s.commentField,
  company_field: s.companyField ?? NOT_SENT,
  attribution_import: s.attributionImport ? "on" : "",
});

export const crmSettingsOf = (d: CrmForm): CrmSettings => ({
  webhookUrl: d.webhook_url,
  applicationToken: d.application_token,
  entityType: d.entity_type,
  categoryId: d.category_id,
  stageId: d.stage_id,
  leadStatusId: d.lead_status_id,
  assignedById: d.assigned_by_id,
  trackingField: d.tracking_field,
  trackingTemplate: d.tracking_template,
  commentField: d.comment_field,
  companyField: d.company_field,
  attributionImport: d.attribution_import,
});
