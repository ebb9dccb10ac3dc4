/** Builders shared by the chat's unit tests. */
import type { ChatMessage, HistoryPage } from '../types'

export const ME = 'user-me'
export const ALICE = 'user-alice'

export function message(seq: number, overrides: Partial<ChatMessage> = {}): ChatMessage {
  return {
    id: `msg-${seq}`,
    clientId: `client-${seq}`,
    seq,
    sender: { id: ALICE, name: 'Alice' },
    text: `message ${seq}`,
    createdAt: new Date(Date.UTC(2025, 0, 1, 12, 0, seq)).toISOString(),
    editedAt: null,
    deleted: false,
    reactions: [],
    attachment: null,
    ...overrides,
  }
}

export function page(messages: ChatMessage[], lastSeq: number, hasMore = false): HistoryPage {
  return { messages, lastSeq, hasMore }
}

/** A JSON response as chat-service sends it. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  })
}

/** A promise with its resolve/reject exposed, to decide when a fake request answers. */
export function deferred<T>(): { promise: Promise<T>; resolve(value: T): void; reject(error: unknown): void } {
  let resolve!: (value: T) => void
  let reject!: (error: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

/** An in-memory stand-in for sessionStorage. */
export class MemoryStorage {
  readonly items = new Map<string, string>()
  getItem(key: string): string | null {
    return this.items.get(key) ?? null
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value)
  }
  removeItem(key: string): void {
    this.items.delete(key)
  }
}
