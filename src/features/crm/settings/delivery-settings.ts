/** What the delivery worker needs, from the effective CRM settings. */

import type { DeliverySettings } from "../delivery/delivery.js";
import type { CrmSettings } from "./crm-settings.js";

export function toDeliverySettings(crm: CrmSettings, title: DeliverySettings["title"]): DeliverySettings {
  return {
    entityType: crm.entityType,
    categoryId: crm.categoryId,
    stageId: crm.stageId,
    leadStatusId: crm.leadStatusId,
    assignedById: crm.assignedById,
    trackingField: crm.trackingField,
    trackingTemplate: crm.trackingTemplate,
    commentField: crm.commentField,
    companyField: crm.companyField,
    title,
  };
}
