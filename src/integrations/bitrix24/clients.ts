import { type Bitrix24, createBitrix24Client } from "./client.js";

/**
 * One client per webhook URL, made on first use: a changed URL on /admin/crm gets a new client,
 * while every caller of the same portal shares one rate limiter.
 */
export function bitrix24Clients(make: (webhookUrl: string) => Bitrix24 = (webhookUrl) => createBitrix24Client({ webhookUrl })) {
  const clients = new Map<string, Bitrix24>();
  return (webhookUrl: string): Bitrix24 => {
    let client = clients.get(webhookUrl);
    if (!client) {
      client = make(webhookUrl);
      clients.set(webhookUrl, client);
    }
    return client;
  };
}
