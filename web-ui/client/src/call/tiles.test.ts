import { describe, expect, it } from 'vitest'
import { DEFAULT_MEDIA_PREFERENCES, type JoinedMeeting, type ParticipantView } from '@/meeting/contract'
import { createCallState } from './callState'
import { buildTiles } from './tiles'

const track = (id: string) => ({ id, kind: 'video' }) as unknown as MediaStreamTrack
const person = (participantId: string, joinedAt: number, extra: Partial<ParticipantView> = {}): ParticipantView => ({
  participantId, userId: `u-${participantId}`, name: participantId.toUpperCase(), role: 'participant', guest: false,
  joinedAt, mic: true, camera: true, screen: false, hand: false, ...extra,
})

function state() {
  const meeting = {
    slug: 's', room: { slug: 's', name: 'Room', mediaMode: 'AUTO' }, role: 'host', grants: ['publish'],
    prefs: DEFAULT_MEDIA_PREFERENCES,
  } as unknown as JoinedMeeting
  const s = createCallState(meeting)
  s.selfId = 'me'
  s.selfParticipant = person('me', 5, { name: 'Me' })
  s.self = { mic: true, camera: true, screen: false, hand: true }
  s.localVideo = track('local')
  return s
}

describe('buildTiles', () => {
  it('puts us first, then the others by join time', () => {
    const s = state()
    s.participants = { b: person('b', 3), a: person('a', 1) }
    expect(buildTiles(s).map((t) => t.id)).toEqual(['me', 'a', 'b'])
  })

  it('shows our own state and mirrors our camera but not our screen', () => {
    const s = state()
    const [self] = buildTiles(s)
    expect(self).toMatchObject({ isSelf: true, hand: true, mirrored: true, link: 'connected', role: 'host' })
    s.self.screen = true
    expect(buildTiles(s)[0]!.mirrored).toBe(false)
  })

  it('shows a remote picture only when they say camera or screen is on', () => {
    const s = state()
    s.participants = { a: person('a', 1, { camera: false }) }
    s.remote = { a: { video: track('remote-a') } }
    expect(buildTiles(s)[1]!.video).toBeNull()
    s.participants.a!.screen = true
    expect(buildTiles(s)[1]!.video).toEqual(track('remote-a'))
  })

  it('fills in quality, speaking, link state and reactions per participant', () => {
    const s = state()
    s.participants = { a: person('a', 1) }
    s.quality = { a: 'poor' }
    s.speaking = { a: true }
    s.links = { a: 'reconnecting' }
    s.reactions = [{ key: 1, participantId: 'a', emoji: '🎉' }, { key: 2, participantId: 'me', emoji: '👍' }]
    const [self, a] = buildTiles(s)
    expect(a).toMatchObject({ quality: 'poor', speaking: true, link: 'reconnecting' })
    expect(a!.reactions.map((r) => r.emoji)).toEqual(['🎉'])
    expect(self!.quality).toBe('unknown')
  })

  it('has no self tile before the welcome', () => {
    const s = state()
    s.selfId = null
    expect(buildTiles(s)).toEqual([])
  })
})
