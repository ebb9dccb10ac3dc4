/**
 * The local copy of a room's conversation, as pure functions over an immutable value (the
 * store keeps one in a ref). Every way a message can reach us — a history page, our own
 * send's answer, a room event, a catch-up page — goes through {@link mergeMessages}, which
 * keys messages by id and orders them by seq, so a message is shown exactly once however
 * many of those paths deliver it and in whichever order.
 */
import type { ChatEvent, ChatMessage, ChatReaction, HistoryPage } from './types'

export interface MessageLog {
  /** Sorted by seq, one entry per message id. */
  readonly messages: readonly ChatMessage[]
  /**
   * We hold every message from the oldest loaded one up to this seq. Catch-up after a
   * reconnect asks for `after=caughtUpTo`; a message beyond `caughtUpTo + 1` means a gap.
   */
  readonly caughtUpTo: number
  /** Older messages exist on the server (page backwards with `before=`). */
  readonly hasOlder: boolean
}

export const EMPTY_LOG: MessageLog = { messages: [], caughtUpTo: 0, hasOlder: false }

export interface MergeResult {
  log: MessageLog
  /** Messages that were not in the log before (for the unread count). */
  added: ChatMessage[]
}

/** Someone's reaction change, so that `mine` can be updated when that someone is us. */
interface ReactionChange {
  emoji: string
  userId: string
  added: boolean
}

/**
 * The newer state of one message. Events do not say which reactions are ours, so `mine`
 * comes from the incoming message if it says, else from our own change, else from what we
 * knew. A tombstone is final: a late edit or reaction event cannot bring a deleted message back.
 */
function mergeMessage(
  known: ChatMessage | undefined,
  incoming: ChatMessage,
  selfId: string,
  change?: ReactionChange,
): ChatMessage {
  if (known?.deleted) return known
  const ourChange = change && change.userId === selfId ? change : undefined
  const reactions = incoming.reactions.map((reaction): ChatReaction => {
    const knownMine = known?.reactions.find((r) => r.emoji === reaction.emoji)?.mine
    const mine = reaction.mine ?? (ourChange?.emoji === reaction.emoji ? ourChange.added : knownMine) ?? false
    return { ...reaction, mine }
  })
  return { ...incoming, reactions }
}

/** Moves `caughtUpTo` over every message that directly follows it. */
function advance(messages: readonly ChatMessage[], caughtUpTo: number): number {
  let reached = caughtUpTo
  for (const message of messages) {
    if (message.seq === reached + 1) reached = message.seq
    else if (message.seq > reached + 1) break
  }
  return reached
}

export function mergeMessages(
  log: MessageLog,
  incoming: readonly ChatMessage[],
  selfId: string,
  change?: ReactionChange,
): MergeResult {
  if (incoming.length === 0) return { log, added: [] }
  const byId = new Map(log.messages.map((m) => [m.id, m]))
  const added: ChatMessage[] = []
  for (const message of incoming) {
    const known = byId.get(message.id)
    if (!known) added.push(message)
    byId.set(message.id, mergeMessage(known, message, selfId, change))
  }
  const messages = [...byId.values()].sort((a, b) => a.seq - b.seq)
  return { log: { ...log, messages, caughtUpTo: advance(messages, log.caughtUpTo) }, added }
}

export type PageKind =
  /** No cursor: the newest messages (first load). */
  | 'newest'
  /** `before=N`: an older page ("load older"). */
  | 'older'
  /** `after=N`: catch-up after a reconnect or a gap. */
  | 'after'

export function applyPage(log: MessageLog, page: HistoryPage, kind: PageKind, selfId: string): MergeResult {
  const merged = mergeMessages(log, page.messages, selfId)
  const next = { ...merged.log }
  // Both page backwards from some point, so hasMore answers whether still older ones exist.
  if (kind === 'newest' || kind === 'older') next.hasOlder = page.hasMore
  if (kind === 'newest') {
    // The page and lastSeq come from one snapshot: everything up to lastSeq is in it or older.
    next.caughtUpTo = Math.max(next.caughtUpTo, page.lastSeq)
  }
  if (kind === 'after') {
    // A forward page covers everything after its cursor up to its last message, even where
    // a purge left a hole; the final page (hasMore false) covers up to the room's lastSeq.
    const lastOnPage = page.messages.at(-1)?.seq ?? 0
    next.caughtUpTo = Math.max(next.caughtUpTo, lastOnPage, page.hasMore ? 0 : page.lastSeq)
  }
  return { log: next, added: merged.added }
}

/** Applies one parsed `chat.*` room event. */
export function applyChatEvent(log: MessageLog, event: ChatEvent, selfId: string): MergeResult {
  switch (event.kind) {
    case 'message':
      return mergeMessages(log, [event.message], selfId)
    case 'reaction':
      return mergeMessages(log, [event.message], selfId, event)
    case 'purged':
      // Everything up to lastSeq is gone for good; messages sent since then stay.
      return {
        log: {
          messages: log.messages.filter((m) => m.seq > event.lastSeq),
          caughtUpTo: Math.max(log.caughtUpTo, event.lastSeq),
          hasOlder: false,
        },
        added: [],
      }
  }
}

/** A message arrived beyond `caughtUpTo + 1`: something in between has not reached us (yet). */
export function hasGap(log: MessageLog): boolean {
  const newest = log.messages.at(-1)
  return newest !== undefined && newest.seq > log.caughtUpTo
}
