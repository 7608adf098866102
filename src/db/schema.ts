/**
 * Every table of the cabinet, by area. TS keys are camelCase, SQL names snake_case; times are UTC
 * milliseconds; money is integer kopecks. Edit a file under schema/, then `npm run db:generate`.
 */
export * from "./schema/accounts.js";
export * from "./schema/chat.js";
export * from "./schema/clients.js";
export * from "./schema/crm.js";
export * from "./schema/links.js";
export * from "./schema/payouts.js";
