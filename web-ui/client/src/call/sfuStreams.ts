import type { SubscribedStream } from './sfuMessages'
import type { SendSlot } from './transport'

/**
 * Who each m-line of the SFU subscriber connection belongs to. Every `sfu.offer` lists all
 * m-lines with their participant and source; this turns that list plus the received tracks
 * into the tracks per participant the tiles use, and says whose tracks changed.
 *
 * Slots are those of the mesh (transport.ts), so tiles do not care how media travels:
 * `audio` = microphone, `video` = the shared screen while one is active (it is what a
 * sharing participant shows in the mesh too) else the camera, `screenAudio` = the screen's
 * sound. Generic over the track type so tests can use plain objects.
 */
export type TracksBySlot<T> = Partial<Record<SendSlot, T>>

export interface StreamsUpdate<T> {
  /** Participants whose tracks are new or different, with all their current tracks. */
  changed: Map<string, TracksBySlot<T>>
  /** Participants who no longer have any active stream. */
  removed: string[]
}

function slotOf(stream: SubscribedStream): SendSlot | 'camera' {
  if (stream.kind === 'audio') return stream.source === 'screen' ? 'screenAudio' : 'audio'
  return stream.source === 'screen' ? 'video' : 'camera'
}

export class SubscriberStreams<T> {
  private streams: SubscribedStream[] = []
  private tracks = new Map<string, TracksBySlot<T>>()

  /**
   * Applies the stream list of an offer. `trackOf(mid)`: the received track of that
   * m-line (after setRemoteDescription every m-line has one).
   */
  apply(streams: readonly SubscribedStream[], trackOf: (mid: string) => T | null): StreamsUpdate<T> {
    this.streams = streams.filter((s) => s.active)
    const next = new Map<string, TracksBySlot<T> & { camera?: T }>()
    for (const stream of this.streams) {
      const track = trackOf(stream.mid)
      if (!track) continue
      const entry = next.get(stream.participantId) ?? {}
      entry[slotOf(stream)] = track
      next.set(stream.participantId, entry)
    }
    const result = new Map<string, TracksBySlot<T>>()
    for (const [id, entry] of next) {
      const { camera, ...rest } = entry
      // A screen share takes the picture, as in the mesh; the camera comes back after it.
      const tracks: TracksBySlot<T> = { ...rest }
      if (!tracks.video && camera) tracks.video = camera
      result.set(id, tracks)
    }
    const update: StreamsUpdate<T> = { changed: new Map(), removed: [] }
    for (const [id, tracks] of result) {
      if (!sameTracks(this.tracks.get(id), tracks)) update.changed.set(id, tracks)
    }
    for (const id of this.tracks.keys()) if (!result.has(id)) update.removed.push(id)
    this.tracks = result
    return update
  }

  /** Forgets everything (the subscriber connection was closed). Returns who had tracks. */
  clear(): string[] {
    const had = [...this.tracks.keys()]
    this.streams = []
    this.tracks = new Map()
    return had
  }

  participantOf(mid: string): string | undefined {
    return this.streams.find((s) => s.mid === mid)?.participantId
  }

  kindOf(mid: string): 'audio' | 'video' | undefined {
    return this.streams.find((s) => s.mid === mid)?.kind
  }

  /** The camera m-line of each participant (the only simulcast one: layers apply to it). */
  cameraMids(): Map<string, string> {
    const mids = new Map<string, string>()
    for (const s of this.streams) if (s.kind === 'video' && s.source === 'camera') mids.set(s.participantId, s.mid)
    return mids
  }

  tracksOf(participantId: string): TracksBySlot<T> | undefined {
    return this.tracks.get(participantId)
  }
}

function sameTracks<T>(a: TracksBySlot<T> | undefined, b: TracksBySlot<T>): boolean {
  if (!a) return false
  return a.audio === b.audio && a.video === b.video && a.screenAudio === b.screenAudio
}
