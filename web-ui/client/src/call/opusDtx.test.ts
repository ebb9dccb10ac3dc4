import { describe, expect, it } from 'vitest'
import { withOpusDtx } from './opusDtx'

/** An audio section as Chromium writes it (trimmed), joined with CRLF like real SDP. */
function sdp(...lines: string[]): string {
  return [...lines, ''].join('\r\n')
}

const AUDIO = [
  'v=0',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111 63 9',
  'a=rtpmap:111 opus/48000/2',
  'a=rtcp-fb:111 transport-cc',
  'a=fmtp:111 minptime=10;useinbandfec=1',
  'a=rtpmap:63 red/48000/2',
  'a=fmtp:63 111/111',
  'a=rtpmap:9 G722/8000',
]

describe('withOpusDtx', () => {
  it('asks for DTX on the Opus format line and leaves every other line alone', () => {
    const out = withOpusDtx(sdp(...AUDIO))
    expect(out.split('\r\n')).toEqual([
      'v=0',
      'm=audio 9 UDP/TLS/RTP/SAVPF 111 63 9',
      'a=rtpmap:111 opus/48000/2',
      'a=rtcp-fb:111 transport-cc',
      'a=fmtp:111 minptime=10;useinbandfec=1;usedtx=1',
      'a=rtpmap:63 red/48000/2',
      'a=fmtp:63 111/111',
      'a=rtpmap:9 G722/8000',
      '',
    ])
  })

  it('keeps a peer’s own usedtx choice and does not add a second one', () => {
    const off = sdp('a=rtpmap:111 opus/48000/2', 'a=fmtp:111 minptime=10; usedtx=0')
    expect(withOpusDtx(off)).toBe(off)
    const once = withOpusDtx(sdp(...AUDIO))
    expect(withOpusDtx(once)).toBe(once)
  })

  it('adds a format line after the rtpmap of an Opus payload that has none', () => {
    const out = withOpusDtx(sdp('m=audio 9 UDP/TLS/RTP/SAVPF 109', 'a=rtpmap:109 OPUS/48000/2', 'a=sendrecv'))
    expect(out).toBe(sdp('m=audio 9 UDP/TLS/RTP/SAVPF 109', 'a=rtpmap:109 OPUS/48000/2', 'a=fmtp:109 usedtx=1', 'a=sendrecv'))
  })

  it('handles every Opus section (microphone and shared-screen sound)', () => {
    const two = sdp(...AUDIO, 'm=audio 9 UDP/TLS/RTP/SAVPF 111', 'a=rtpmap:111 opus/48000/2', 'a=fmtp:111 minptime=10')
    const fmtp = withOpusDtx(two)
      .split('\r\n')
      .filter((l) => l.startsWith('a=fmtp:111'))
    expect(fmtp).toEqual(['a=fmtp:111 minptime=10;useinbandfec=1;usedtx=1', 'a=fmtp:111 minptime=10;usedtx=1'])
  })

  it('returns SDP without Opus unchanged, LF line endings included', () => {
    const video = 'v=0\nm=video 9 UDP/TLS/RTP/SAVPF 96\na=rtpmap:96 VP8/90000\n'
    expect(withOpusDtx(video)).toBe(video)
    expect(withOpusDtx('a=rtpmap:111 opus/48000/2\na=fmtp:111 minptime=10\n')).toBe(
      'a=rtpmap:111 opus/48000/2\na=fmtp:111 minptime=10;usedtx=1\n',
    )
  })
})
