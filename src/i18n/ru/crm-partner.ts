/** The partner /crm page texts. */
export const crmPartner = {};
