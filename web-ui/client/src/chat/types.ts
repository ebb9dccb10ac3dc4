/**
 * Chat messages as chat-service shows them (docs/chat-service.md), and strict parsers for
 * what arrives over the wire: history pages, REST answers and `chat.*` event payloads.
 * Anything malformed is dropped instead of reaching the UI half-formed.
 */

export interface ChatSender {
  id: string
  name: string
}

export interface ChatReaction {
  emoji: string
  count: number
  /**
   * Whether the current user is among those who reacted. REST answers say it; events
   * (which go to everyone) do not, so it is `undefined` there until merged (messageLog.ts).
   */
  mine?: boolean
}

export interface ChatAttachment {
  fileId: string
  name: string
  size: number
  contentType: string
  sha256: string
}

export interface ChatMessage {
  id: string
  clientId: string | null
  /** Per room 1, 2, 3, … without gaps; the order of the conversation. */
  seq: number
  sender: ChatSender
  /** `null` for file messages and tombstones. */
  text: string | null
  createdAt: string
  editedAt: string | null
  /** A tombstone: kept so that "everything after seq N" stays gap-free. */
  deleted: boolean
  reactions: ChatReaction[]
  attachment: ChatAttachment | null
}

/** One page of history, always oldest first. */
export interface HistoryPage {
  messages: ChatMessage[]
  /** The room's newest seq, read in the same snapshot as the page. */
  lastSeq: number
  /** More messages exist beyond the page in the direction asked. */
  hasMore: boolean
}

type Json = Record<string, unknown>

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null
const isString = (value: unknown): value is string => typeof value === 'string'
const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0

/** Instants are ISO-8601 strings on the wire; an epoch-millisecond number is accepted too. */
function toIsoInstant(value: unknown): string | undefined {
  if (isString(value)) return value
  if (typeof value === 'number' && Number.isFinite(value)) return new Date(value).toISOString()
  return undefined
}

function parseReaction(value: unknown): ChatReaction | undefined {
  if (!isObject(value) || !isString(value.emoji) || !isCount(value.count)) return undefined
  const reaction: ChatReaction = { emoji: value.emoji, count: value.count }
  if (typeof value.mine === 'boolean') reaction.mine = value.mine
  return reaction
}

function parseAttachment(value: unknown): ChatAttachment | null {
  if (!isObject(value) || !isString(value.fileId) || !isString(value.name) || !isCount(value.size)) return null
  return {
    fileId: value.fileId,
    name: value.name,
    size: value.size,
    contentType: isString(value.contentType) ? value.contentType : 'application/octet-stream',
    sha256: isString(value.sha256) ? value.sha256 : '',
  }
}

export function parseMessage(value: unknown): ChatMessage | undefined {
  if (!isObject(value) || !isString(value.id) || !isCount(value.seq) || !isObject(value.sender)) return undefined
  const { sender } = value
  const createdAt = toIsoInstant(value.createdAt)
  if (!isString(sender.id) || createdAt === undefined) return undefined
  const reactions = Array.isArray(value.reactions) ? value.reactions.map(parseReaction) : []
  return {
    id: value.id,
    clientId: isString(value.clientId) ? value.clientId : null,
    seq: value.seq,
    sender: { id: sender.id, name: isString(sender.name) ? sender.name : '' },
    text: isString(value.text) ? value.text : null,
    createdAt,
    editedAt: toIsoInstant(value.editedAt) ?? null,
    deleted: value.deleted === true,
    reactions: reactions.filter((r): r is ChatReaction => r !== undefined),
    attachment: parseAttachment(value.attachment),
  }
}

export function parseHistoryPage(value: unknown): HistoryPage {
  if (!isObject(value)) return { messages: [], lastSeq: 0, hasMore: false }
  const messages = Array.isArray(value.messages) ? value.messages.map(parseMessage) : []
  return {
    messages: messages.filter((m): m is ChatMessage => m !== undefined),
    lastSeq: isCount(value.lastSeq) ? value.lastSeq : 0,
    hasMore: value.hasMore === true,
  }
}

/** What a `chat.*` room event means for the local copy of the conversation. */
export type ChatEvent =
  | { kind: 'message'; message: ChatMessage }
  | { kind: 'reaction'; message: ChatMessage; emoji: string; userId: string; added: boolean }
  | { kind: 'purged'; lastSeq: number }

/**
 * `chat.message.created`, `.edited` and `.deleted` all carry the message's current state;
 * `chat.reaction.changed` adds who reacted (so we can tell whether it was us);
 * `chat.room.purged` drops everything. Unknown types → undefined (forward compatibility).
 */
export function parseChatEvent(type: string, payload: Record<string, unknown>): ChatEvent | undefined {
  switch (type) {
    case 'chat.message.created':
    case 'chat.message.edited':
    case 'chat.message.deleted': {
      const message = parseMessage(payload.message)
      return message && { kind: 'message', message }
    }
    case 'chat.reaction.changed': {
      const message = parseMessage(payload.message)
      if (!message || !isString(payload.emoji) || !isString(payload.userId)) return undefined
      return { kind: 'reaction', message, emoji: payload.emoji, userId: payload.userId, added: payload.added === true }
    }
    case 'chat.room.purged':
      return { kind: 'purged', lastSeq: isCount(payload.lastSeq) ? payload.lastSeq : 0 }
    default:
      return undefined
  }
}
