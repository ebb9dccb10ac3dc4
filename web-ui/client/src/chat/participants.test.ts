import { describe, expect, it } from 'vitest'
import type { ParticipantView } from '@/meeting/contract'
import { isSelf, sortParticipants } from './participants'

function participant(name: string, overrides: Partial<ParticipantView> = {}): ParticipantView {
  return {
    participantId: `p-${name}`,
    userId: `u-${name}`,
    name,
    role: 'participant',
    guest: false,
    joinedAt: 1000,
    mic: true,
    camera: true,
    screen: false,
    hand: false,
    ...overrides,
  }
}

describe('sortParticipants', () => {
  it('puts hosts first, then orders by join time, then by name', () => {
    const list = [
      participant('Zoe', { joinedAt: 3000 }),
      participant('Host late', { role: 'host', joinedAt: 5000 }),
      participant('Bob', { joinedAt: 2000 }),
      participant('Amy', { joinedAt: 2000 }),
      participant('Host early', { role: 'host', joinedAt: 1000 }),
    ]
    expect(sortParticipants(list).map((p) => p.name)).toEqual(['Host early', 'Host late', 'Amy', 'Bob', 'Zoe'])
  })

  it('does not change the array it was given', () => {
    const list = [participant('B', { joinedAt: 2 }), participant('A', { joinedAt: 1 })]
    sortParticipants(list)
    expect(list.map((p) => p.name)).toEqual(['B', 'A'])
  })
})

describe('isSelf', () => {
  it('is true for our connection and for our other connections (same user)', () => {
    const me = participant('Me')
    expect(isSelf(me, 'p-Me', 'someone-else')).toBe(true)
    expect(isSelf(participant('Me in another tab', { userId: 'u-Me' }), 'p-Me', 'u-Me')).toBe(true)
    expect(isSelf(participant('Other'), 'p-Me', 'u-Me')).toBe(false)
  })
})
