import type { ChatMessages } from '../en/chat'

/** Strings of the chat panel. */
const chat: ChatMessages = {
  chat: {},
}

export default chat
