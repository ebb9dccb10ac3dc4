import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { MediaProgress, SendExpectation } from './flowing'
import { isFlowing } from './flowing'
import { ModeSwitch, type SwitchableTransport } from './modeSwitch'
import type { MediaModeClientMessage, TransportMode } from './sfuMessages'

/** A transport whose received totals the test sets. */
class FakeTransport implements SwitchableTransport {
  closed = false
  progress = new Map<string, MediaProgress>()
  constructor(readonly mode: TransportMode, readonly name: string) {}
  async mediaProgress() {
    return new Map(this.progress)
  }
  close() {
    this.closed = true
  }
  /** Pretend `frames` more video frames of `id` were decoded. */
  decode(id: string, frames = 10) {
    const p = this.progress.get(id) ?? { framesDecoded: 0, audioPackets: 0 }
    this.progress.set(id, { ...p, framesDecoded: p.framesDecoded + frames })
  }
}

function setup(expected: Record<string, SendExpectation> = { bob: { video: true, audio: true } }) {
  const created: FakeTransport[] = []
  const shown: string[] = []
  const sent: MediaModeClientMessage[] = []
  /** `target` as the host sees it inside show() (CallSession sets the badge's data-switching-to from it there). */
  const targetsAtShow: (TransportMode | null)[] = []
  let now = 0
  /** Per-participant moves during a switch: "sfu#2:carol". */
  const movedTiles: string[] = []
  const modes = new ModeSwitch<FakeTransport>(
    {
      showParticipant: (t, id) => movedTiles.push(`${t.name}:${id}`),
      create: (mode) => {
        const t = new FakeTransport(mode, `${mode}#${created.length + 1}`)
        created.push(t)
        return t
      },
      show: (t) => {
        shown.push(t.name)
        targetsAtShow.push(modes.target)
      },
      expectedSenders: () => new Map(Object.entries(expected)),
      send: (m) => sent.push(m),
      now: () => now,
    },
    { probeIntervalMs: 250, flowTimeoutMs: 6000, commitTimeoutMs: 20000 },
  )
  const advance = async (ms: number) => {
    now += ms
    await vi.advanceTimersByTimeAsync(ms)
  }
  /** `id` decodes on `transport` across two probes: it counts as flowing there. */
  const flow = async (transport: FakeTransport, id: string) => {
    transport.decode(id)
    await advance(250)
    transport.decode(id)
    await advance(250)
  }
  return { modes, created, shown, sent, advance, flow, targetsAtShow, movedTiles }
}

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

describe('ModeSwitch (make-before-break)', () => {
  it('once the new path is shown nothing is "being switched to" any more (what show() reads)', async () => {
    const t = setup()
    t.modes.start('p2p')
    t.modes.prepare('sfu')
    const sfu = t.created[1]!
    for (let i = 0; i < 3; i++) {
      sfu.decode('bob')
      await t.advance(250)
    }
    expect(t.modes.phase).toBe('ready')
    expect(t.shown).toEqual(['p2p#1', 'sfu#2'])
    // not 'p2p' (the old path, still running until the commit)
    expect(t.targetsAtShow).toEqual([null, null])
  })

  it('prepare runs both paths, shows the new one once frames grow for everyone, and commit closes the old', async () => {
    const t = setup()
    t.modes.start('p2p')
    const mesh = t.created[0]!
    t.modes.prepare('sfu')
    const sfu = t.created[1]!
    expect(t.modes.phase).toBe('preparing')
    expect(t.modes.target).toBe('sfu')
    expect(t.modes.running()).toEqual([mesh, sfu])
    expect(t.shown).toEqual(['p2p#1'])

    await t.advance(250) // first sample: nothing decoded yet
    sfu.decode('bob')
    await t.advance(250) // grew since the first sample… but that one had no entry for bob
    expect(t.modes.phase).toBe('preparing')
    sfu.decode('bob')
    await t.advance(250)
    expect(t.modes.phase).toBe('ready')
    expect(t.shown).toEqual(['p2p#1', 'sfu#2'])
    expect(t.sent).toEqual([{ type: 'media-mode-ready', mode: 'sfu', complete: true, waitedMs: 750 }])
    expect(mesh.closed).toBe(false) // still running until commit

    t.modes.commit('sfu')
    expect(mesh.closed).toBe(true)
    expect(t.modes.running()).toEqual([sfu])
    expect(t.modes.phase).toBe('steady')
  })

  it('moves each participant whose media flows on the new path at once, the rest at ready', async () => {
    const t = setup({ bob: { video: true, audio: true }, carol: { video: true, audio: true }, dan: { video: false, audio: true } })
    t.modes.start('p2p')
    t.modes.prepare('sfu')
    const sfu = t.created[1]!
    sfu.decode('bob')
    await t.advance(250)
    sfu.decode('bob')
    sfu.progress.set('dan', { framesDecoded: 0, audioPackets: 2 })
    await t.advance(250)
    expect(t.movedTiles).toEqual(['sfu#2:bob', 'sfu#2:dan']) // carol's sender is still silent there
    expect(t.shown).toEqual(['p2p#1'])
    expect(t.modes.phase).toBe('preparing')
    sfu.decode('bob')
    await t.advance(250)
    expect(t.movedTiles).toHaveLength(2) // each participant moves once

    sfu.decode('carol')
    await t.advance(250)
    sfu.decode('carol')
    sfu.decode('bob')
    await t.advance(250)
    expect(t.modes.phase).toBe('ready')
    expect(t.shown).toEqual(['p2p#1', 'sfu#2'])
    expect(t.movedTiles).toHaveLength(2) // carol came with everyone at ready
  })

  it('a switch given up after some tiles moved shows the old path again for everyone', async () => {
    const t = setup({ bob: { video: true, audio: true }, carol: { video: true, audio: true } })
    t.modes.start('p2p')
    t.modes.prepare('sfu')
    const sfu = t.created[1]!
    await t.flow(sfu, 'bob')
    expect(t.movedTiles).toEqual(['sfu#2:bob'])
    t.modes.prepare('p2p')
    expect(sfu.closed).toBe(true)
    expect(t.shown).toEqual(['p2p#1', 'p2p#1'])
    // A later switch starts with nobody moved.
    t.modes.prepare('sfu')
    await t.flow(t.created[2]!, 'bob')
    expect(t.movedTiles).toEqual(['sfu#2:bob', 'sfu#3:bob'])
  })

  it('switches anyway after the flow timeout and says it was incomplete', async () => {
    const t = setup()
    t.modes.start('p2p')
    t.modes.prepare('sfu')
    await t.advance(6000)
    expect(t.modes.shown?.mode).toBe('sfu')
    expect(t.sent).toEqual([{ type: 'media-mode-ready', mode: 'sfu', complete: false, waitedMs: 6000 }])
  })

  it('is ready at once when nobody sends anything', async () => {
    const t = setup({ quiet: { video: false, audio: false } })
    t.modes.start('p2p')
    t.modes.prepare('sfu')
    await t.advance(250)
    expect(t.modes.phase).toBe('ready')
  })

  it('a repeated prepare for the same mode changes nothing', () => {
    const t = setup()
    t.modes.start('p2p')
    t.modes.prepare('sfu')
    t.modes.prepare('sfu')
    expect(t.created).toHaveLength(2)
  })

  it('a prepare back to the current mode while preparing drops the new path', () => {
    const t = setup()
    t.modes.start('p2p')
    t.modes.prepare('sfu')
    t.modes.prepare('p2p')
    expect(t.created[1]!.closed).toBe(true)
    expect(t.modes.shown).toBe(t.created[0])
    expect(t.modes.phase).toBe('steady')
    expect(t.sent).toEqual([{ type: 'media-mode-ready', mode: 'p2p', complete: true, waitedMs: 0 }])
  })

  it('switching back to P2P before the commit shows the old path again (it never stopped)', async () => {
    const t = setup()
    t.modes.start('p2p')
    t.modes.prepare('sfu')
    await t.advance(6000)
    expect(t.modes.phase).toBe('ready')
    t.modes.prepare('p2p')
    expect(t.shown).toEqual(['p2p#1', 'sfu#2', 'p2p#1'])
    expect(t.created[1]!.closed).toBe(true)
    expect(t.created[0]!.closed).toBe(false)
  })

  it('switches back to P2P later with a fresh mesh, make-before-break again', async () => {
    const t = setup()
    t.modes.start('sfu')
    t.modes.prepare('p2p')
    const mesh = t.created[1]!
    await t.flow(mesh, 'bob')
    expect(t.modes.shown).toBe(mesh)
    t.modes.commit('p2p')
    expect(t.created[0]!.closed).toBe(true)
  })

  it('a commit that arrives before our own flow check finishes switches right away', () => {
    const t = setup()
    t.modes.start('p2p')
    t.modes.prepare('sfu')
    t.modes.commit('sfu')
    expect(t.modes.shown?.mode).toBe('sfu')
    expect(t.created[0]!.closed).toBe(true)
  })

  it('a commit without a prepare (missed while away) switches hard', () => {
    const t = setup()
    t.modes.start('p2p')
    t.modes.commit('sfu')
    expect(t.created[0]!.closed).toBe(true)
    expect(t.modes.shown?.mode).toBe('sfu')
    expect(t.modes.running()).toHaveLength(1)
  })

  it('closes the old path by itself when no commit comes', async () => {
    const t = setup()
    t.modes.start('p2p')
    t.modes.prepare('sfu')
    await t.advance(6000)
    await t.advance(20000)
    expect(t.created[0]!.closed).toBe(true)
    expect(t.modes.phase).toBe('steady')
  })

  it('a prepare for the mode we are in is answered with ready at once', () => {
    const t = setup()
    t.modes.start('sfu')
    t.modes.prepare('sfu')
    expect(t.created).toHaveLength(1)
    expect(t.sent).toEqual([{ type: 'media-mode-ready', mode: 'sfu', complete: true, waitedMs: 0 }])
  })
})

describe('isFlowing', () => {
  const p = (framesDecoded: number, audioPackets: number) => ({ framesDecoded, audioPackets })
  it('needs growing decoded frames from a video sender, any packet on the path from an audio-only one', () => {
    expect(isFlowing({ video: true, audio: true }, p(5, 100), p(5, 200))).toBe(false)
    expect(isFlowing({ video: true, audio: true }, undefined, p(5, 200))).toBe(false)
    expect(isFlowing({ video: true, audio: false }, p(5, 0), p(6, 0))).toBe(true)
    expect(isFlowing({ video: false, audio: true }, p(0, 1), p(0, 3))).toBe(true)
    // DTX: a quiet microphone's packets come 400 ms apart, so two probes may see the same total.
    expect(isFlowing({ video: false, audio: true }, p(0, 3), p(0, 3))).toBe(true)
    expect(isFlowing({ video: false, audio: true }, undefined, p(0, 3))).toBe(true)
    expect(isFlowing({ video: false, audio: true }, undefined, p(0, 0))).toBe(false)
    expect(isFlowing({ video: false, audio: true }, p(0, 0), undefined)).toBe(false)
    expect(isFlowing({ video: false, audio: false }, undefined, undefined)).toBe(true)
  })
})
