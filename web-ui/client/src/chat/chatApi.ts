/**
 * chat-service's REST API for one room (docs/chat-service.md). Every call carries a room
 * token; room tokens live five minutes, so a 401 renews the token once and repeats the call.
 */
import { ApiError, requestJson } from '@/api/http'
import type { RoomTokenSource } from '@/meeting/contract'
import { parseHistoryPage, parseMessage, type ChatMessage, type HistoryPage } from './types'

export interface HistoryCursor {
  /** Messages after this seq (catch-up, paging forwards). */
  after?: number
  /** Messages before this seq (paging backwards). */
  before?: number
  limit?: number
}

export interface ChatApi {
  history(cursor?: HistoryCursor): Promise<HistoryPage>
  /** Idempotent: the same client id and text always give the same message. */
  send(clientId: string, text: string): Promise<ChatMessage>
  edit(messageId: string, text: string): Promise<ChatMessage>
  remove(messageId: string): Promise<ChatMessage>
  setReaction(messageId: string, emoji: string, on: boolean): Promise<ChatMessage>
  /** Runs a call that needs the room token (uploads, downloads) with the same 401 handling. */
  withToken<T>(call: (token: string) => Promise<T>): Promise<T>
}

export const chatPaths = {
  messages: (slug: string) => `/api/chat/rooms/${encodeURIComponent(slug)}/messages`,
  files: (slug: string) => `/api/chat/rooms/${encodeURIComponent(slug)}/files`,
  file: (fileId: string) => `/api/chat/files/${encodeURIComponent(fileId)}`,
}

function toMessage(body: unknown): ChatMessage {
  const message = parseMessage(body)
  if (!message) throw new ApiError(200, 'invalid_response', 'chat-service answered with something that is not a message')
  return message
}

export function createChatApi(slug: string, tokens: RoomTokenSource): ChatApi {
  const messagesUrl = chatPaths.messages(slug)
  const messageUrl = (messageId: string) => `${messagesUrl}/${encodeURIComponent(messageId)}`

  async function withToken<T>(call: (token: string) => Promise<T>): Promise<T> {
    try {
      return await call(await tokens.get())
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) throw error
      return call(await tokens.renew())
    }
  }

  const request = (method: 'GET' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown) =>
    withToken((token) => requestJson<unknown>(method, url, { token, body }))

  return {
    async history(cursor = {}) {
      const query = new URLSearchParams()
      if (cursor.after !== undefined) query.set('after', String(cursor.after))
      if (cursor.before !== undefined) query.set('before', String(cursor.before))
      if (cursor.limit !== undefined) query.set('limit', String(cursor.limit))
      const search = query.toString()
      return parseHistoryPage(await request('GET', search ? `${messagesUrl}?${search}` : messagesUrl))
    },
    send: async (clientId, text) => toMessage(await request('PUT', messageUrl(clientId), { text })),
    edit: async (messageId, text) => toMessage(await request('PATCH', messageUrl(messageId), { text })),
    remove: async (messageId) => toMessage(await request('DELETE', messageUrl(messageId))),
    async setReaction(messageId, emoji, on) {
      const url = `${messageUrl(messageId)}/reactions/${encodeURIComponent(emoji)}`
      return toMessage(await request(on ? 'PUT' : 'DELETE', url))
    },
    withToken,
  }
}
