/** Files attached to chat messages and notifications: upload refusals and download labels. */
export const attachments = {};
