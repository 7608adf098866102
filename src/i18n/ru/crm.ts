export const crm = {
  leadTitle: (client: string, partner: string) => `${client} — от партнёра ${partner}`,
};
