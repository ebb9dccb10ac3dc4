import { describe, expect, it } from 'vitest'
import { videoEncodingFor } from './meshEncoding'

describe('videoEncodingFor', () => {
  it('sends full quality to a single peer', () => {
    expect(videoEncodingFor(1, 720, false)).toEqual({ maxBitrate: 2_500_000, scaleResolutionDownBy: 1 })
  })
  it('scales the camera down and lowers the bitrate as the mesh grows', () => {
    expect(videoEncodingFor(2, 720, false)).toEqual({ maxBitrate: 1_000_000, scaleResolutionDownBy: 1.33 })
    expect(videoEncodingFor(5, 1080, false)).toEqual({ maxBitrate: 500_000, scaleResolutionDownBy: 3 })
    expect(videoEncodingFor(12, 720, false)).toEqual({ maxBitrate: 300_000, scaleResolutionDownBy: 2.67 })
  })
  it('never scales a camera up', () => {
    expect(videoEncodingFor(5, 240, false).scaleResolutionDownBy).toBe(1)
    expect(videoEncodingFor(5, undefined, false).scaleResolutionDownBy).toBe(1)
  })
  it('keeps a shared screen at full resolution', () => {
    expect(videoEncodingFor(5, 1080, true)).toEqual({ maxBitrate: 800_000, scaleResolutionDownBy: 1 })
  })
})
