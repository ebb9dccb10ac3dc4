import type { RoomRole } from '@/meeting/contract'
import type { CallState, FloatingReaction } from './callState'
import type { Quality } from './quality'
import type { LinkState } from './transport'

/** Everything one video tile shows. */
export interface TileModel {
  id: string
  name: string
  isSelf: boolean
  role: RoomRole
  mic: boolean
  camera: boolean
  screen: boolean
  hand: boolean
  /** The picture: camera or screen; null when there is none to show. */
  video: MediaStreamTrack | null
  /** Our own camera is shown mirrored, like a mirror; screens never are. */
  mirrored: boolean
  quality: Quality
  speaking: boolean
  /** Media link state (always "connected" for ourselves). */
  link: LinkState
  reactions: FloatingReaction[]
}

/** The tiles in display order: ourselves first, then everyone by when they joined. */
export function buildTiles(state: CallState): TileModel[] {
  const tiles: TileModel[] = []
  const self = state.selfParticipant
  const reactionsOf = (id: string) => state.reactions.filter((r) => r.participantId === id)
  if (self && state.selfId) {
    const showsVideo = state.self.camera || state.self.screen
    tiles.push({
      id: state.selfId,
      name: self.name,
      isSelf: true,
      role: state.role,
      ...state.self,
      video: showsVideo ? state.localVideo : null,
      mirrored: state.self.camera && !state.self.screen,
      quality: state.quality[state.selfId] ?? 'unknown',
      speaking: state.speaking[state.selfId] ?? false,
      link: 'connected',
      reactions: reactionsOf(state.selfId),
    })
  }
  const others = Object.values(state.participants).sort(
    (a, b) => a.joinedAt - b.joinedAt || a.participantId.localeCompare(b.participantId),
  )
  for (const p of others) {
    const showsVideo = p.camera || p.screen
    tiles.push({
      id: p.participantId,
      name: p.name,
      isSelf: false,
      role: p.role,
      mic: p.mic,
      camera: p.camera,
      screen: p.screen,
      hand: p.hand,
      video: showsVideo ? (state.remote[p.participantId]?.video ?? null) : null,
      mirrored: false,
      quality: state.quality[p.participantId] ?? 'unknown',
      speaking: state.speaking[p.participantId] ?? false,
      link: state.links[p.participantId] ?? 'connecting',
      reactions: reactionsOf(p.participantId),
    })
  }
  return tiles
}
