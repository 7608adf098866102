/** Brand settings on /admin/settings and what visitors see of the brand. */
export const brand = {};
