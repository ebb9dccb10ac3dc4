/**
 * Dynacast, the publisher's half: encode only the camera's simulcast layers somebody receives.
 *
 * signaling-service tells us (`sfu.demand {from, layer}`) the highest layer each subscriber of
 * our camera wants (0 = rid l … 2 = rid h, Janus' substream numbers; null: it dropped our feed).
 * `DemandTracker` keeps that per subscriber and answers the highest layer to encode; every
 * layer up to it stays active, the ones above are paused (`RTCRtpEncodingParameters.active`).
 *
 * - Until the first demand after publishing, everything is encoded: a joiner's first picture
 *   is whatever layer Janus gets a keyframe of first, so holding layers back would not help it,
 *   and a late demand must not cost anyone a picture.
 * - A layer is paused only after nobody wanted it for `pauseAfterMs` (a tile being resized
 *   must not flap the encoder); a demand for it resumes it at once.
 * - The lowest layer is never paused: with no subscriber at all it is what a joiner gets first.
 */

export type Layer = 0 | 1 | 2

export const TOP_LAYER: Layer = 2
/** A layer nobody wants is paused after this long. */
export const PAUSE_AFTER_MS = 2000

export class DemandTracker {
  private readonly wanted = new Map<string, Layer>()
  /** No demand yet since publishing: encode everything. */
  private heard = false
  /** Per layer: since when nobody has wanted it (null: wanted now). */
  private readonly unwantedSince: (number | null)[] = [null, null, null]

  constructor(private readonly pauseAfterMs = PAUSE_AFTER_MS) {}

  /** `subscriber` wants `layer` of our camera now (null: it does not receive it any more). */
  demand(subscriber: string, layer: Layer | null, now: number): void {
    this.heard = true
    if (layer === null) this.wanted.delete(subscriber)
    else this.wanted.set(subscriber, layer)
    this.update(now)
  }

  /** `subscriber` left the meeting. */
  remove(subscriber: string, now: number): void {
    if (this.wanted.delete(subscriber)) this.update(now)
  }

  /** The highest layer wanted by anybody now (every layer until the first demand). */
  target(): Layer {
    if (!this.heard) return TOP_LAYER
    let top: Layer = 0
    for (const layer of this.wanted.values()) if (layer > top) top = layer
    return top
  }

  /** The highest layer to encode now: the target, or higher while an unwanted layer's grace runs. */
  top(now: number): Layer {
    for (let layer = TOP_LAYER; layer > 0; layer--) {
      const since = this.unwantedSince[layer] ?? null
      if (since === null || now - since < this.pauseAfterMs) return layer as Layer
    }
    return 0
  }

  /** When `top` changes by itself next (a layer's grace ends), or null. */
  nextChange(now: number): number | null {
    const top = this.top(now)
    const since = this.unwantedSince[top] ?? null
    return top > 0 && since !== null ? since + this.pauseAfterMs : null
  }

  private update(now: number): void {
    const target = this.target()
    for (let layer = 1; layer <= TOP_LAYER; layer++) {
      if (layer <= target) this.unwantedSince[layer] = null
      else this.unwantedSince[layer] ??= now
    }
  }
}

/** Which encodings (by rid) are active when layers up to `top` are encoded; the rest unchanged. */
export function activeByRid(top: Layer): Record<string, boolean> {
  return { l: true, m: top >= 1, h: top >= 2 }
}
