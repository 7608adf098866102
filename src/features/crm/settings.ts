/**
 * Delivery settings from the environment (PRODUCT.md Configuration). B24_FIELD_MAPPINGS is a JSON
 * object; the keys read here are `tracking_field` (a UF_CRM_* field for the partner's tracking value)
 * and `tracking_template` (default "partner-{code}").
 */
import type { Config } from "../../config.js";
import type { DeliverySettings } from "./delivery.js";

export function deliverySettingsFrom(config: Config, title: DeliverySettings["title"]): DeliverySettings {
  const mappings = config.B24_FIELD_MAPPINGS ?? {};
  const field = mappings.tracking_field;
  return {
    entityType: config.B24_ENTITY_TYPE,
    categoryId: config.B24_DEAL_CATEGORY_ID,
    stageId: config.B24_DEAL_STAGE_ID ?? null,
    leadStatusId: config.B24_LEAD_STATUS_ID ?? null,
    assignedById: null,
    trackingField: field && /^UF_CRM_[A-Z0-9_]+$/i.test(field) ? field : null,
    trackingTemplate: mappings.tracking_template ?? "partner-{code}",
    title,
  };
}
