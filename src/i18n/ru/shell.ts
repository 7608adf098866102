/** The page shell: sidebar, phone tab bar, header. */
export const shell = {};
