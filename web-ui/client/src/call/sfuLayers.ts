import type { LayerChoice } from './sfuMessages'

/**
 * Which simulcast layer to receive for each video: Janus forwards one of the sender's
 * three camera layers per receiver (substream 2 = full size, 1 = half, 0 = quarter), and
 * there is no point receiving 1280 px for a 200 px thumbnail.
 */

/** How a participant's video is on screen right now (sizes in device pixels). */
export interface VideoView {
  participantId: string
  width: number
  height: number
  /** On the main stage (speaker view's large tile, pinned): always the best layer. */
  prominent: boolean
}

/** Tiles at least this wide (device px) get the full layer, at least MEDIUM_MIN_WIDTH the half one. */
export const HIGH_MIN_WIDTH = 480
export const MEDIUM_MIN_WIDTH = 240

export function substreamFor(view: Pick<VideoView, 'width' | 'prominent'>): 0 | 1 | 2 {
  if (view.prominent || view.width >= HIGH_MIN_WIDTH) return 2
  if (view.width >= MEDIUM_MIN_WIDTH) return 1
  return 0
}

/**
 * The layer requests that differ from what was last sent. `cameraMids`: the camera m-line
 * of each participant on the subscriber connection. A participant without a view (not on
 * screen) gets the lowest layer: left alone, Janus would forward its default, the highest, and
 * the publisher would keep encoding it for nobody (dynacast: it encodes what is asked for).
 */
export function layerChanges(
  views: readonly VideoView[],
  cameraMids: ReadonlyMap<string, string>,
  lastSent: ReadonlyMap<string, number>,
): LayerChoice[] {
  const changes: LayerChoice[] = []
  const viewOf = new Map(views.map((view) => [view.participantId, view]))
  for (const [participantId, mid] of cameraMids) {
    const view = viewOf.get(participantId)
    const substream = view ? substreamFor(view) : 0
    if (lastSent.get(mid) !== substream) changes.push({ mid, substream })
  }
  return changes
}

export interface LayerRequesterOptions {
  send(layers: LayerChoice[]): void
  /** Tile sizes change in bursts (window resize, layout change): wait for them to settle. */
  debounceMs?: number
}

/**
 * Sends `sfu.layers` when the wanted layers change, debounced, and only the m-lines that
 * changed. Forget the memory (`reset`) when the subscriber connection is new: Janus starts
 * every new subscription at its default layer.
 */
export class LayerRequester {
  private views: readonly VideoView[] = []
  private cameraMids: ReadonlyMap<string, string> = new Map()
  private readonly lastSent = new Map<string, number>()
  private timer: ReturnType<typeof setTimeout> | null = null

  constructor(private readonly options: LayerRequesterOptions) {}

  setViews(views: readonly VideoView[]): void {
    this.views = views
    this.schedule()
  }

  setCameraMids(cameraMids: ReadonlyMap<string, string>): void {
    this.cameraMids = cameraMids
    // m-lines that no longer carry a camera: forget what we asked for them.
    const live = new Set(cameraMids.values())
    for (const mid of [...this.lastSent.keys()]) if (!live.has(mid)) this.lastSent.delete(mid)
    // A camera we have not asked for yet (its media just started): ask at once, not after the
    // debounce. Janus forwards its default (the highest layer) from the first keyframe on and
    // keeps doing so until the chosen layer's keyframe comes, so the picture never waits.
    if ([...live].some((mid) => !this.lastSent.has(mid))) this.flushNow()
    else this.schedule()
  }

  reset(): void {
    this.lastSent.clear()
    this.schedule()
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }

  private schedule(): void {
    if (this.timer) return
    this.timer = setTimeout(() => {
      this.timer = null
      this.flush()
    }, this.options.debounceMs ?? 300)
  }

  private flushNow(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.flush()
  }

  private flush(): void {
    const changes = layerChanges(this.views, this.cameraMids, this.lastSent)
    if (changes.length === 0) return
    for (const change of changes) this.lastSent.set(change.mid, change.substream)
    this.options.send(changes)
  }
}
