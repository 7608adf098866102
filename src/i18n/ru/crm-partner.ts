/**
 * The partner /crm page is gone (its status counts and won total are on the dashboard, «Ваши клиенты»);
 * only the menu label is left until the partner menu drops the item.
 */
export const crmPartner = {
  navLabel: "CRM",
};
