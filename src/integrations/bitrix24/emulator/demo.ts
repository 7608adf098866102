/** The demo portal of `npm run b24:emulator`: the general sales funnel, a partner funnel C1, users and a partner-code field. */
import type { PortalSeed } from "./types.js";

export function demoSeed(): PortalSeed {
  return {
    funnels: [
      { id: 0, name: "Sales", sort: 100 },
      {
        id: 1,
        name: "Partners",
        sort: 200,
        stages: [
          { id: "NEW", name: "New", sort: 10 },
          { id: "UC_DEMO01", name: "Demo done", sort: 20, color: "#2FC6F6" },
          { id: "UC_OFFER1", name: "Offer sent", sort: 30, color: "#2FC6F6" },
          { id: "WON", name: "Deal successful", sort: 60 },
          { id: "LOSE", name: "Deal failed", sort: 70 },
        ],
      },
    ],
    users: [
      { id: 1, name: "Anna", lastName: "Admin", email: "admin@example.com", workPosition: "Administrator" },
      { id: 7, name: "Maria", lastName: "Manager", email: "maria@example.com", workPosition: "Sales manager" },
    ],
    userFields: [
      { entity: "lead", code: "UF_CRM_PARTNER_CODE", type: "string", label: "Partner code" },
      { entity: "deal", code: "UF_CRM_PARTNER_CODE", type: "string", label: "Partner code" },
    ],
    contacts: [{ NAME: "Olga", LAST_NAME: "Client", PHONE: [{ VALUE: "+79990000001", VALUE_TYPE: "WORK" }] }],
    leads: [{ TITLE: "Demo lead", NAME: "Ivan", LAST_NAME: "Petrov", PHONE: [{ VALUE: "+79991234567", VALUE_TYPE: "MOBILE" }], UF_CRM_PARTNER_CODE: "P-0001" }],
    deals: [
      {
        TITLE: "Demo deal",
        CATEGORY_ID: 1,
        STAGE_ID: "C1:UC_DEMO01",
        OPPORTUNITY: 150000,
        CONTACT_IDS: [2001],
        ASSIGNED_BY_ID: 7,
        UF_CRM_PARTNER_CODE: "P-0001",
      },
    ],
  };
}
