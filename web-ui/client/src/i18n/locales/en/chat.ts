/** Strings of the chat panel. */
const chat = {
  chat: {},
}

export type ChatMessages = typeof chat
export default chat
