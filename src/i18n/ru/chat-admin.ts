/** The admin's chat: the conversation list, starting a conversation, deleting a message. */
export const chatAdmin = {
  nav: "Чат",
};
