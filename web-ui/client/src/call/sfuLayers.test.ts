import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { LayerRequester, layerChanges, substreamFor } from './sfuLayers'
import { CAMERA_SIMULCAST_ENCODINGS, cameraEncodings, preferVp8, screenEncodings } from './simulcast'

describe('substreamFor', () => {
  it('gives the main stage the highest layer whatever its size', () => {
    expect(substreamFor({ width: 100, prominent: true })).toBe(2)
  })
  it('picks by the tile width in device pixels', () => {
    expect(substreamFor({ width: 1280, prominent: false })).toBe(2)
    expect(substreamFor({ width: 480, prominent: false })).toBe(2)
    expect(substreamFor({ width: 320, prominent: false })).toBe(1)
    expect(substreamFor({ width: 160, prominent: false })).toBe(0)
  })
})

describe('layerChanges', () => {
  it('asks only for camera m-lines whose wanted layer differs from what was sent', () => {
    const views = [
      { participantId: 'bob', width: 300, height: 168, prominent: false },
      { participantId: 'carol', width: 900, height: 506, prominent: false },
      { participantId: 'nocam', width: 900, height: 506, prominent: false },
    ]
    const mids = new Map([['bob', '1'], ['carol', '4']])
    expect(layerChanges(views, mids, new Map())).toEqual([{ mid: '1', substream: 1 }, { mid: '4', substream: 2 }])
    expect(layerChanges(views, mids, new Map([['1', 1], ['4', 2]]))).toEqual([])
  })

  it('asks for the lowest layer of a camera that is not on screen (else Janus forwards, and the sender encodes, the highest)', () => {
    const mids = new Map([['bob', '1'], ['dave', '7']])
    expect(layerChanges([{ participantId: 'bob', width: 900, height: 506, prominent: false }], mids, new Map())).toEqual([
      { mid: '1', substream: 2 },
      { mid: '7', substream: 0 },
    ])
    expect(layerChanges([], mids, new Map([['1', 2]]))).toEqual([{ mid: '1', substream: 0 }, { mid: '7', substream: 0 }])
  })
})

describe('LayerRequester', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('debounces bursts of size changes into one sfu.layers and re-asks after a new connection', () => {
    const sent: unknown[] = []
    const requester = new LayerRequester({ send: (layers) => sent.push(layers), debounceMs: 300 })
    requester.setCameraMids(new Map([['bob', '1']])) // no view of bob yet (not on screen): the lowest, at once
    expect(sent).toEqual([[{ mid: '1', substream: 0 }]])
    for (const width of [200, 700, 900]) requester.setViews([{ participantId: 'bob', width, height: 0, prominent: false }])
    vi.advanceTimersByTime(299)
    expect(sent).toHaveLength(1)
    vi.advanceTimersByTime(1)
    expect(sent).toEqual([[{ mid: '1', substream: 0 }], [{ mid: '1', substream: 2 }]])
    requester.setViews([{ participantId: 'bob', width: 950, height: 0, prominent: false }])
    vi.advanceTimersByTime(300)
    expect(sent).toHaveLength(2)
    requester.reset()
    vi.advanceTimersByTime(300)
    expect(sent).toEqual([[{ mid: '1', substream: 0 }], [{ mid: '1', substream: 2 }], [{ mid: '1', substream: 2 }]])
  })

  it('asks for a newly subscribed camera at once, without the debounce', () => {
    const sent: unknown[] = []
    const requester = new LayerRequester({ send: (layers) => sent.push(layers), debounceMs: 300 })
    const views = [
      { participantId: 'bob', width: 200, height: 0, prominent: false },
      { participantId: 'carol', width: 300, height: 0, prominent: false },
    ]
    requester.setViews(views)
    requester.setCameraMids(new Map([['bob', '1']]))
    expect(sent).toEqual([[{ mid: '1', substream: 0 }]]) // synchronously: goes out with the answer
    requester.setCameraMids(new Map([['bob', '1'], ['carol', '3']]))
    expect(sent).toEqual([[{ mid: '1', substream: 0 }], [{ mid: '3', substream: 1 }]])
    // the same cameras again (a renegotiation that changed nothing for them): nothing new, no timer
    requester.setCameraMids(new Map([['bob', '1'], ['carol', '3']]))
    vi.advanceTimersByTime(1000)
    expect(sent).toHaveLength(2)
  })
})

describe('simulcast encodings', () => {
  it('sends the camera as h/m/l at full, half and quarter size, highest first', () => {
    expect(cameraEncodings().map((e) => [e.rid, e.scaleResolutionDownBy, e.active])).toEqual([
      ['h', 1, true], ['m', 2, true], ['l', 4, true],
    ])
    const bitrates = CAMERA_SIMULCAST_ENCODINGS.map((e) => e.maxBitrate!)
    expect(bitrates[0]).toBeGreaterThan(bitrates[1]!)
    expect(bitrates[1]).toBeGreaterThan(bitrates[2]!)
    // Copies: the browser may change what it is handed.
    expect(cameraEncodings()[0]).not.toBe(CAMERA_SIMULCAST_ENCODINGS[0])
  })

  it('sends the screen as one full-size encoding', () => {
    expect(screenEncodings()).toEqual([{ maxBitrate: 2_500_000 }])
  })

  it('puts VP8 first, then its helpers, then the rest; nothing when VP8 is missing', () => {
    const codec = (mimeType: string) => ({ mimeType, clockRate: 90000 })
    const ordered = preferVp8([codec('video/H264'), codec('video/rtx'), codec('video/VP9'), codec('video/VP8'), codec('video/red')])
    expect(ordered?.map((c) => c.mimeType)).toEqual(['video/VP8', 'video/rtx', 'video/red', 'video/H264', 'video/VP9'])
    expect(preferVp8([codec('video/H264')])).toBeNull()
  })
})
