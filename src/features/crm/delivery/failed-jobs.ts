/** What the admin sees of the delivery queue: dead-lettered jobs with their client and error. */
import { desc, eq } from "drizzle-orm";
import type { Db } from "../../../db/client.js";
import { clients, deliveryJobs, users } from "../../../db/schema.js";

export async function listFailedDeliveries(db: Db, limit: number) {
  return db
    .select({
      jobId: deliveryJobs.id,
      clientId: clients.id,
      clientName: clients.name,
      partnerId: users.id,
      partnerName: users.name,
      attempts: deliveryJobs.attempts,
      lastError: deliveryJobs.lastError,
      at: deliveryJobs.updatedAt,
    })
    .from(deliveryJobs)
    .innerJoin(clients, eq(clients.id, deliveryJobs.clientId))
    .innerJoin(users, eq(users.id, clients.partnerId))
    .where(eq(deliveryJobs.state, "dead"))
    .orderBy(desc(deliveryJobs.updatedAt), desc(deliveryJobs.id))
    .limit(limit);
}
