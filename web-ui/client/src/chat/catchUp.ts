import type { HistoryCursor } from './chatApi'
import type { HistoryPage } from './types'

/** The largest page chat-service serves: catch-up after a long disconnect takes few requests. */
export const CATCH_UP_PAGE_SIZE = 200

/**
 * Fetches every message after seq `after`, page by page (`after=N` until `hasMore` is false),
 * handing each page over as it arrives. Sequences are dense and tombstones stay, so this
 * sees each message exactly once (docs/chat-service.md, "History").
 */
export async function catchUpAfter(
  history: (cursor: HistoryCursor) => Promise<HistoryPage>,
  after: number,
  onPage: (page: HistoryPage) => void,
): Promise<void> {
  let cursor = after
  for (;;) {
    const page = await history({ after: cursor, limit: CATCH_UP_PAGE_SIZE })
    onPage(page)
    const last = page.messages.at(-1)
    // An empty page that claims more would loop forever: stop and let the next resync retry.
    if (!page.hasMore || last === undefined) return
    cursor = last.seq
  }
}
