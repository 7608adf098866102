/** audit texts. */
export const audit = {};
