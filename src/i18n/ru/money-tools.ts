/** Admin money tools on the partner page: rates, routing, manual commission edits, paid marks. */
export const moneyTools = {};
