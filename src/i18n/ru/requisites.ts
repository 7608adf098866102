/** requisites texts. */
export const requisites = {};
