/**
 * Opus DTX (discontinuous transmission): while a microphone is silent or muted, its Opus
 * encoder sends one comfort-noise packet every 400 ms instead of fifty packets a second. In a
 * meeting most microphones are quiet most of the time, so every receiver gets, decodes and
 * mixes far fewer packets, and the SFU forwards fewer (docs/web-client-call.md, "Opus DTX").
 *
 * Chromium turns DTX on in its encoder when the *remote* description's Opus format line asks
 * for it (`usedtx=1`). The client adds it to every description it applies for a connection
 * that sends our microphone: a mesh peer's offer or answer, and Janus' answer to our SFU
 * publisher (one rule for both modes; Janus' own `opus_dtx` room option would cover only the
 * SFU). Receiving needs nothing: every Opus decoder handles DTX.
 */

const OPUS_RTPMAP = /^a=rtpmap:(\d+) opus\/48000/i
const FMTP = /^a=fmtp:(\d+) (.*)$/

/** The payload type an `a=rtpmap` line gives Opus, else null. */
function opusPayload(line: string): string | null {
  return OPUS_RTPMAP.exec(line)?.[1] ?? null
}

/**
 * The same SDP with `usedtx=1` on every Opus payload type that does not say `usedtx` already
 * (a peer's explicit `usedtx=0` stays). Adds a format line where an Opus payload has none.
 * Anything else, including the line endings, is left as it is.
 */
export function withOpusDtx(sdp: string): string {
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n'
  const lines = sdp.split(eol)
  const opus = new Set(lines.map(opusPayload).filter((pt): pt is string => pt !== null))
  if (opus.size === 0) return sdp

  const withFmtp = new Set<string>()
  const out = lines.map((line) => {
    const [, pt = '', params = ''] = FMTP.exec(line) ?? []
    if (!opus.has(pt)) return line
    withFmtp.add(pt)
    const asksAlready = params.split(';').some((p) => p.trim().toLowerCase().startsWith('usedtx='))
    return asksAlready ? line : `${line};usedtx=1`
  })
  if (withFmtp.size === opus.size) return out.join(eol)

  return out
    .flatMap((line) => {
      const pt = opusPayload(line)
      return pt !== null && !withFmtp.has(pt) ? [line, `a=fmtp:${pt} usedtx=1`] : [line]
    })
    .join(eol)
}
