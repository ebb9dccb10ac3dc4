/**
 * The outbox: messages the user has sent that chat-service has not confirmed yet.
 *
 * Every message gets its client id when it is composed and keeps it for every attempt, so
 * the server (which de-duplicates by sender + client id) stores it once however often we
 * retry — a retry after a lost answer, after a reconnect or after a page reload. Messages go
 * out one at a time in the order they were typed, so their seqs follow that order too.
 *
 * - network error, 408, 429, 5xx → stays pending and is retried with back-off (and at once
 *   on {@link Outbox.flush}, which the store calls after a reconnect);
 * - any other refusal (validation, missing grant, …) → failed, until the user retries or
 *   discards it.
 *
 * The outbox is saved to (session) storage on every change, so a reload keeps unsent
 * messages and re-sends them with the same ids. Plain TypeScript: time, ids and storage are
 * injectable, which keeps it unit-testable without a browser.
 */
import { ApiError } from '@/api/http'
import type { ChatMessage } from './types'

export type OutboxState =
  /** Waiting for (another) attempt. */
  | 'pending'
  /** A request is in flight. */
  | 'sending'
  /** Refused by the server; waits for the user to retry or discard. */
  | 'failed'

export interface OutboxEntry {
  readonly clientId: string
  readonly text: string
  /** Epoch ms when the user sent it; unconfirmed messages are shown in this order. */
  readonly composedAt: number
  readonly state: OutboxState
  /** The service's error code when the state is `failed`. */
  readonly errorCode?: string
}

/** The part of the Web Storage API the outbox needs (sessionStorage in the browser). */
export interface KeyValueStorage {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
  removeItem(key: string): void
}

export interface Timers {
  set(callback: () => void, ms: number): unknown
  clear(handle: unknown): void
}

export interface OutboxOptions {
  /** Where the entries are saved, e.g. per room: `convene.chat.outbox.<slug>`. */
  storageKey: string
  storage: KeyValueStorage | undefined
  send(clientId: string, text: string): Promise<ChatMessage>
  /** The server's answer for a sent message (the store merges it into the log). */
  onDelivered(message: ChatMessage): void
  /** A send was refused for good (the store shows a toast). */
  onRejected(entry: OutboxEntry, error: unknown): void
  /** The entries changed (the store mirrors them for the UI). */
  onChange(entries: readonly OutboxEntry[]): void
  newClientId?: () => string
  now?: () => number
  timers?: Timers
}

const FIRST_RETRY_MS = 1000
const MAX_RETRY_MS = 30_000

/** Whether trying the same request again later may succeed. */
export function isRetryable(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false
  return error.status === 0 || error.status === 408 || error.status === 429 || error.status >= 500
}

/** Back-off after `failures` consecutive retryable failures; the server's Retry-After wins. */
export function retryDelayMs(failures: number, error: unknown): number {
  if (error instanceof ApiError && error.retryAfter !== undefined) return error.retryAfter * 1000
  return Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, failures - 1))
}

const browserTimers: Timers = {
  set: (callback, ms) => globalThis.setTimeout(callback, ms),
  clear: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
}

export class Outbox {
  private entries: OutboxEntry[]
  private flushing: Promise<void> | undefined
  private flushAgain = false
  private retryHandle: unknown
  private consecutiveFailures = 0
  private disposed = false
  private readonly newClientId: () => string
  private readonly now: () => number
  private readonly timers: Timers

  constructor(private readonly options: OutboxOptions) {
    this.newClientId = options.newClientId ?? (() => globalThis.crypto.randomUUID())
    this.now = options.now ?? Date.now
    this.timers = options.timers ?? browserTimers
    this.entries = loadEntries(options.storage, options.storageKey)
  }

  list(): readonly OutboxEntry[] {
    return this.entries
  }

  /** Queues a new message under a fresh client id and starts sending. */
  compose(text: string): OutboxEntry {
    const entry: OutboxEntry = { clientId: this.newClientId(), text, composedAt: this.now(), state: 'pending' }
    this.setEntries([...this.entries, entry])
    void this.flush()
    return entry
  }

  /**
   * Sends every pending entry now, in order (also cancelling a back-off wait). Resolves when
   * the outbox is empty of pending entries or an attempt failed and a retry is scheduled.
   */
  flush(): Promise<void> {
    if (this.disposed) return Promise.resolve()
    this.cancelRetry()
    if (this.flushing) {
      this.flushAgain = true
      return this.flushing
    }
    this.flushing = this.drain().finally(() => {
      this.flushing = undefined
      if (this.flushAgain) {
        this.flushAgain = false
        void this.flush()
      }
    })
    return this.flushing
  }

  /**
   * The server has this message (its event or a history page showed it): nothing left to
   * send. An answer still in flight for it is delivered as usual (merging is idempotent).
   */
  acknowledge(clientId: string): void {
    if (this.entries.some((e) => e.clientId === clientId)) {
      this.setEntries(this.entries.filter((e) => e.clientId !== clientId))
    }
  }

  /** Tries a failed message again, with its original client id. */
  retry(clientId: string): void {
    this.patch(clientId, 'failed', { state: 'pending', errorCode: undefined })
    void this.flush()
  }

  /** Drops a message that is not in flight (a request in flight may still land). */
  discard(clientId: string): void {
    this.setEntries(this.entries.filter((e) => e.clientId !== clientId || e.state === 'sending'))
  }

  /** Stops retrying; the saved entries stay for the next visit of the room. */
  dispose(): void {
    this.disposed = true
    this.cancelRetry()
  }

  private async drain(): Promise<void> {
    for (;;) {
      const next = this.entries.find((e) => e.state === 'pending')
      if (!next || this.disposed) return
      this.patch(next.clientId, 'pending', { state: 'sending' })
      try {
        const message = await this.options.send(next.clientId, next.text)
        if (this.disposed) return
        this.consecutiveFailures = 0
        this.acknowledge(next.clientId)
        this.options.onDelivered(message)
      } catch (error) {
        if (this.disposed) return
        if (isRetryable(error)) {
          // Keep the order: later messages wait behind this one.
          this.patch(next.clientId, 'sending', { state: 'pending' })
          this.consecutiveFailures += 1
          this.scheduleRetry(retryDelayMs(this.consecutiveFailures, error))
          return
        }
        const errorCode = error instanceof ApiError ? error.code : 'unexpected'
        this.patch(next.clientId, 'sending', { state: 'failed', errorCode })
        this.options.onRejected({ ...next, state: 'failed', errorCode }, error)
      }
    }
  }

  /** Changes an entry that is still in the expected state (it may have been acknowledged meanwhile). */
  private patch(clientId: string, expected: OutboxState, change: Partial<OutboxEntry>): void {
    if (!this.entries.some((e) => e.clientId === clientId && e.state === expected)) return
    this.setEntries(this.entries.map((e) => (e.clientId === clientId ? { ...e, ...change } : e)))
  }

  private setEntries(entries: OutboxEntry[]): void {
    this.entries = entries
    saveEntries(this.options.storage, this.options.storageKey, entries)
    this.options.onChange(entries)
  }

  private scheduleRetry(ms: number): void {
    this.cancelRetry()
    this.retryHandle = this.timers.set(() => {
      this.retryHandle = undefined
      void this.flush()
    }, ms)
  }

  private cancelRetry(): void {
    if (this.retryHandle !== undefined) this.timers.clear(this.retryHandle)
    this.retryHandle = undefined
  }
}

/** Saved form: an entry in flight when the page went away is pending again after a reload. */
function saveEntries(storage: KeyValueStorage | undefined, key: string, entries: readonly OutboxEntry[]): void {
  try {
    if (entries.length === 0) storage?.removeItem(key)
    else storage?.setItem(key, JSON.stringify(entries.map((e) => (e.state === 'sending' ? { ...e, state: 'pending' } : e))))
  } catch {
    // Storage full or unavailable (privacy mode): the outbox still works for this page.
  }
}

function loadEntries(storage: KeyValueStorage | undefined, key: string): OutboxEntry[] {
  let saved: unknown
  try {
    saved = JSON.parse(storage?.getItem(key) ?? '[]')
  } catch {
    return []
  }
  if (!Array.isArray(saved)) return []
  return saved.flatMap((value: Partial<OutboxEntry> | null): OutboxEntry[] => {
    if (typeof value?.clientId !== 'string' || typeof value.text !== 'string') return []
    const failed = value.state === 'failed'
    return [
      {
        clientId: value.clientId,
        text: value.text,
        composedAt: typeof value.composedAt === 'number' ? value.composedAt : 0,
        state: failed ? 'failed' : 'pending',
        ...(failed && typeof value.errorCode === 'string' ? { errorCode: value.errorCode } : {}),
      },
    ]
  })
}
