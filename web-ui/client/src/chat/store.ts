/**
 * The chat of the meeting being attended: the conversation (messageLog.ts), the outbox of
 * unconfirmed sends (outbox.ts), uploads and the unread count. The meeting UI calls
 * `start` once joined, forwards every `chat.*` room event to `applyEvent`, calls `resync`
 * after the signaling connection came back, `setVisible` when the panel opens or closes,
 * and `stop` when leaving.
 */
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import { ApiError } from '@/api/http'
import type { JoinedMeeting, RoomEventEnvelope } from '@/meeting/contract'
import { useToasts } from '@/stores/toasts'
import { catchUpAfter } from './catchUp'
import { createChatApi, type ChatApi } from './chatApi'
import { chatErrorKey } from './errorKeys'
import { fetchFileBlob, saveBlob, uploadFile } from './files'
import { cleanMessageText, isSendable, uploadLimitMb } from './format'
import { EMPTY_LOG, applyChatEvent, applyPage, hasGap, mergeMessages, type MergeResult } from './messageLog'
import { Outbox, type KeyValueStorage, type OutboxEntry } from './outbox'
import { parseChatEvent, type ChatAttachment, type ChatMessage } from './types'

/** How many messages "load older" fetches at a time. */
const OLDER_PAGE_SIZE = 50
/** Events of one room may arrive out of seq order; wait this long for a gap to close by itself. */
const GAP_GRACE_MS = 2000
/** After a failed catch-up (still offline?), try again after this long. */
const CATCH_UP_RETRY_MS = 5000

export interface UploadItem {
  /** Also the upload's `X-Client-Id`: a retry of the same file cannot create a second message. */
  readonly clientId: string
  readonly file: File
  readonly loaded: number
  readonly total: number
  readonly state: 'uploading' | 'failed'
}

/** What belongs to one joined meeting; replaced as a whole by start/stop. */
interface Session {
  meeting: JoinedMeeting
  api: ChatApi
  outbox: Outbox
  historyLoaded: boolean
  gapCheckScheduled: boolean
  /** Catch-ups run one after another, never two at once. */
  catchUpChain: Promise<void>
  timers: Set<ReturnType<typeof setTimeout>>
  uploadControllers: Map<string, AbortController>
}

function sessionStorageOrNothing(): KeyValueStorage | undefined {
  try {
    return globalThis.sessionStorage ?? undefined
  } catch {
    return undefined // disabled storage throws on access
  }
}

export const useChatStore = defineStore('chat', () => {
  const toasts = useToasts()

  const log = shallowRef(EMPTY_LOG)
  const outbox = shallowRef<readonly OutboxEntry[]>([])
  const uploads = shallowRef<readonly UploadItem[]>([])
  const unread = ref(0)
  const visible = ref(false)
  const loadingOlder = ref(false)
  const historyLoaded = ref(false)
  const selfId = ref('')
  /** The newest message from someone else that arrived live (for the screen-reader announcement). */
  const latestIncoming = shallowRef<ChatMessage>()

  const messages = computed(() => log.value.messages)
  const hasOlder = computed(() => log.value.hasOlder)

  let session: Session | undefined

  /** Takes a merge into the log: unread count, outbox confirmations, gap detection. */
  function absorb(result: MergeResult, countsAsNew: boolean): void {
    log.value = result.log
    for (const message of result.added) {
      const mine = message.sender.id === selfId.value
      if (mine && message.clientId) session?.outbox.acknowledge(message.clientId)
      if (!countsAsNew || mine || message.deleted) continue
      latestIncoming.value = message
      if (!visible.value) unread.value += 1
    }
    if (hasGap(log.value)) checkGapLater()
  }

  /** A gap usually closes by itself (the missing event arrives); if not, fetch what is missing. */
  function checkGapLater(): void {
    if (!session || session.gapCheckScheduled) return
    session.gapCheckScheduled = true
    later(GAP_GRACE_MS, () => {
      if (session) session.gapCheckScheduled = false
      if (hasGap(log.value)) void catchUp()
    })
  }

  function later(ms: number, callback: () => void): void {
    const current = session
    if (!current) return
    const handle = setTimeout(() => {
      current.timers.delete(handle)
      if (session === current) callback()
    }, ms)
    current.timers.add(handle)
  }

  async function start(meeting: JoinedMeeting): Promise<void> {
    stop()
    selfId.value = meeting.userId
    const api = createChatApi(meeting.slug, meeting.tokens)
    const current: Session = {
      meeting,
      api,
      outbox: new Outbox({
        storageKey: `convene.chat.outbox.${meeting.slug}`,
        storage: sessionStorageOrNothing(),
        send: api.send,
        onDelivered: (message) => absorb(mergeMessages(log.value, [message], selfId.value), false),
        onRejected: (_entry, error) => toasts.error(chatErrorKey(error)),
        onChange: (entries) => (outbox.value = entries),
      }),
      historyLoaded: false,
      gapCheckScheduled: false,
      catchUpChain: Promise.resolve(),
      timers: new Set(),
      uploadControllers: new Map(),
    }
    session = current
    outbox.value = current.outbox.list()
    await loadNewest(current)
    // Messages left from before a reload that the history shows are acknowledged by now;
    // the rest go out with their original client ids.
    if (session === current) void current.outbox.flush()
  }

  async function loadNewest(current: Session): Promise<void> {
    try {
      const page = await current.api.history()
      if (session !== current) return
      absorb(applyPage(log.value, page, 'newest', selfId.value), false)
      current.historyLoaded = historyLoaded.value = true
    } catch (error) {
      if (session === current) toasts.error(chatErrorKey(error))
    }
  }

  /** Every message after the newest one we hold, until the server has no more. */
  function catchUp(): Promise<void> {
    const current = session
    if (!current) return Promise.resolve()
    current.catchUpChain = current.catchUpChain.then(async () => {
      if (session !== current) return
      try {
        if (!current.historyLoaded) return await loadNewest(current)
        await catchUpAfter(current.api.history, log.value.caughtUpTo, (page) => {
          if (session === current) absorb(applyPage(log.value, page, 'after', selfId.value), true)
        })
      } catch {
        later(CATCH_UP_RETRY_MS, () => void catchUp())
      }
    })
    return current.catchUpChain
  }

  function applyEvent(envelope: RoomEventEnvelope): void {
    if (!session) return
    const event = parseChatEvent(envelope.type, envelope.payload ?? {})
    // Every event carries the message's whole current state and merging is idempotent,
    // so a repeated delivery (same event id) changes nothing and needs no bookkeeping.
    if (event) absorb(applyChatEvent(log.value, event, selfId.value), true)
  }

  async function resync(): Promise<void> {
    if (!session) return
    await Promise.all([session.outbox.flush(), catchUp()])
  }

  async function loadOlder(): Promise<void> {
    const current = session
    const oldest = log.value.messages[0]
    if (!current || !oldest || !log.value.hasOlder || loadingOlder.value) return
    loadingOlder.value = true
    try {
      const page = await current.api.history({ before: oldest.seq, limit: OLDER_PAGE_SIZE })
      if (session === current) absorb(applyPage(log.value, page, 'older', selfId.value), false)
    } catch (error) {
      toasts.error(chatErrorKey(error))
    } finally {
      loadingOlder.value = false
    }
  }

  /** Queues a message; false when there is nothing sendable (blank or over the limit). */
  function send(text: string): boolean {
    const cleaned = cleanMessageText(text)
    if (!session || !isSendable(cleaned)) return false
    session.outbox.compose(cleaned)
    return true
  }

  const retrySend = (clientId: string) => session?.outbox.retry(clientId)
  const discardSend = (clientId: string) => session?.outbox.discard(clientId)

  /** Runs a change of one message; its answer is the message's new state. */
  async function change(call: (api: ChatApi) => Promise<ChatMessage>): Promise<boolean> {
    const current = session
    if (!current) return false
    try {
      const message = await call(current.api)
      if (session === current) absorb(mergeMessages(log.value, [message], selfId.value), false)
      return true
    } catch (error) {
      toasts.error(chatErrorKey(error))
      return false
    }
  }

  function edit(messageId: string, text: string): Promise<boolean> {
    const cleaned = cleanMessageText(text)
    if (!isSendable(cleaned)) return Promise.resolve(false)
    return change((api) => api.edit(messageId, cleaned))
  }

  const remove = (messageId: string) => change((api) => api.remove(messageId))

  /** Adds our reaction, or takes it back if we had already reacted with this emoji. */
  function toggleReaction(message: ChatMessage, emoji: string): Promise<boolean> {
    const mine = message.reactions.some((r) => r.emoji === emoji && r.mine)
    return change((api) => api.setReaction(message.id, emoji, !mine))
  }

  function setUpload(clientId: string, update: Partial<UploadItem> | null): void {
    uploads.value = update
      ? uploads.value.map((u) => (u.clientId === clientId ? { ...u, ...update } : u))
      : uploads.value.filter((u) => u.clientId !== clientId)
  }

  function upload(file: File): void {
    if (!session) return
    if (file.size === 0) {
      toasts.error('chat.files.empty', { name: file.name })
      return
    }
    const item: UploadItem = { clientId: globalThis.crypto.randomUUID(), file, loaded: 0, total: file.size, state: 'uploading' }
    uploads.value = [...uploads.value, item]
    void runUpload(item)
  }

  async function runUpload(item: UploadItem): Promise<void> {
    const current = session
    if (!current) return
    const controller = new AbortController()
    current.uploadControllers.set(item.clientId, controller)
    setUpload(item.clientId, { state: 'uploading', loaded: 0 })
    try {
      const message = await current.api.withToken((token) =>
        uploadFile({
          slug: current.meeting.slug,
          file: item.file,
          clientId: item.clientId,
          token,
          signal: controller.signal,
          onProgress: (loaded, total) => setUpload(item.clientId, { loaded, total }),
        }),
      )
      setUpload(item.clientId, null)
      if (session === current) absorb(mergeMessages(log.value, [message], selfId.value), false)
    } catch (error) {
      if (controller.signal.aborted) return setUpload(item.clientId, null)
      if (error instanceof ApiError && error.status === 413) {
        setUpload(item.clientId, null)
        toasts.error('chat.files.tooLarge', { name: item.file.name, max: uploadLimitMb(error) })
        return
      }
      setUpload(item.clientId, { state: 'failed' })
      toasts.error(chatErrorKey(error))
    } finally {
      current.uploadControllers.delete(item.clientId)
    }
  }

  function retryUpload(clientId: string): void {
    const item = uploads.value.find((u) => u.clientId === clientId && u.state === 'failed')
    if (item) void runUpload(item)
  }

  /** Cancels an upload in progress, or forgets a failed one. */
  function cancelUpload(clientId: string): void {
    session?.uploadControllers.get(clientId)?.abort()
    setUpload(clientId, null)
  }

  /** The bytes of a file message (for image previews). */
  function fileBlob(attachment: ChatAttachment): Promise<Blob> {
    if (!session) return Promise.reject(new Error('chat not started'))
    return session.api.withToken((token) => fetchFileBlob(attachment.fileId, token))
  }

  async function download(attachment: ChatAttachment): Promise<void> {
    try {
      saveBlob(await fileBlob(attachment), attachment.name)
    } catch (error) {
      toasts.error(chatErrorKey(error))
    }
  }

  function setVisible(open: boolean): void {
    visible.value = open
    if (open) unread.value = 0
  }

  function stop(): void {
    if (session) {
      session.outbox.dispose()
      session.timers.forEach(clearTimeout)
      session.uploadControllers.forEach((controller) => controller.abort())
    }
    session = undefined
    log.value = EMPTY_LOG
    outbox.value = []
    uploads.value = []
    unread.value = 0
    latestIncoming.value = undefined
    historyLoaded.value = false
    loadingOlder.value = false
  }

  return {
    messages,
    hasOlder,
    outbox,
    uploads,
    unread,
    visible,
    loadingOlder,
    historyLoaded,
    selfId,
    latestIncoming,
    start,
    applyEvent,
    resync,
    loadOlder,
    send,
    retrySend,
    discardSend,
    edit,
    remove,
    toggleReaction,
    upload,
    retryUpload,
    cancelUpload,
    fileBlob,
    download,
    setVisible,
    stop,
  }
})
