// WebRTC observation without production hooks: an init script records every
// RTCPeerConnection a page creates (window.__pcs); the helpers here aggregate getStats()
// over them. Assertions follow shared/notes/webrtc-testing.md: inbound-rtp video
// framesDecoded > 0 and a playing <video> with videoWidth > 0 (never frame rates).

/**
 * Init script (page.addInitScript / context.addInitScript): subclasses RTCPeerConnection so
 * each instance is pushed to window.__pcs. A subclass keeps instanceof, the static
 * generateCertificate() and everything the app does with the object.
 */
export function RECORD_PEER_CONNECTIONS() {
  const Original = window.RTCPeerConnection
  if (!Original || Original.__conveneRecorded) return
  const pcs = []
  Object.defineProperty(window, '__pcs', { value: pcs, configurable: true })
  class RecordedPeerConnection extends Original {
    constructor(...args) {
      super(...args)
      pcs.push(this)
    }
  }
  Object.defineProperty(RecordedPeerConnection, 'name', { value: 'RTCPeerConnection' })
  RecordedPeerConnection.__conveneRecorded = true
  window.RTCPeerConnection = RecordedPeerConnection
  if ('webkitRTCPeerConnection' in window) window.webkitRTCPeerConnection = RecordedPeerConnection
}

/**
 * Init script: records the media control messages of the meeting WebSocket — `media-mode`
 * and `sfu.*` received, `media-mode-ready` and `sfu.*` sent — with their time in
 * window.__mediaModeLog ([{at, dir: 'in'|'out', type, mode?, phase?, complete?, waitedMs?,
 * reason?, offerId?, newConnection?, streams?}], no SDP), by wrapping WebSocket.prototype.send
 * and listening to every socket's messages. Observation only.
 */
export function RECORD_MEDIA_MODE_MESSAGES() {
  if (window.__mediaModeLog || !window.WebSocket) return
  const log = []
  Object.defineProperty(window, '__mediaModeLog', { value: log, configurable: true })
  const note = (dir, data) => {
    if (typeof data !== 'string' || !(data.includes('"media-mode') || data.includes('"sfu.'))) return
    try {
      const m = JSON.parse(data)
      if (typeof m.type !== 'string' || !(m.type.startsWith('media-mode') || m.type.startsWith('sfu.'))) return
      if (m.type === 'sfu.candidate' || log.length >= 2_000) return
      log.push({
        at: Date.now(), dir, type: m.type, mode: m.mode, phase: m.phase, complete: m.complete, waitedMs: m.waitedMs,
        reason: m.reason, offerId: m.offerId, newConnection: m.newConnection, streams: Array.isArray(m.streams) ? m.streams.length : undefined,
      })
    } catch {
      /* not JSON */
    }
  }
  const send = WebSocket.prototype.send
  WebSocket.prototype.send = function (data) {
    note('out', data)
    if (!this.__conveneObserved) {
      this.__conveneObserved = true
      this.addEventListener('message', (e) => note('in', e.data))
    }
    return send.call(this, data)
  }
}

/**
 * A summary of every recorded, not closed peer connection of the page:
 * [{ index, policy, connectionState, iceConnectionState,
 *    videoIn: [{framesDecoded, frameWidth, frameHeight, bytesReceived}], audioIn: [{packetsReceived}],
 *    videoOut: [{framesEncoded, frameWidth, frameHeight}],
 *    pair: {local, remote, localProtocol, relayProtocol, state, nominated} | null }]
 */
export async function peerStats(page) {
  return page.evaluate(async () => {
    const out = []
    const pcs = window.__pcs ?? []
    for (let index = 0; index < pcs.length; index++) {
      const pc = pcs[index]
      if (pc.connectionState === 'closed' || pc.signalingState === 'closed') continue
      const report = await pc.getStats()
      const byId = new Map()
      report.forEach((s) => byId.set(s.id, s))
      const entry = {
        index,
        policy: pc.getConfiguration().iceTransportPolicy,
        connectionState: pc.connectionState,
        iceConnectionState: pc.iceConnectionState,
        videoIn: [],
        audioIn: [],
        videoOut: [],
        pair: null,
      }
      let selectedPairId
      report.forEach((s) => {
        if (s.type === 'inbound-rtp' && s.kind === 'video') {
          entry.videoIn.push({
            framesDecoded: s.framesDecoded ?? 0,
            frameWidth: s.frameWidth ?? 0,
            frameHeight: s.frameHeight ?? 0,
            bytesReceived: s.bytesReceived ?? 0,
          })
        } else if (s.type === 'inbound-rtp' && s.kind === 'audio') {
          entry.audioIn.push({ packetsReceived: s.packetsReceived ?? 0 })
        } else if (s.type === 'outbound-rtp' && s.kind === 'video') {
          entry.videoOut.push({ framesEncoded: s.framesEncoded ?? 0, frameWidth: s.frameWidth ?? 0, frameHeight: s.frameHeight ?? 0 })
        } else if (s.type === 'transport' && s.selectedCandidatePairId) {
          selectedPairId = s.selectedCandidatePairId
        }
      })
      let pair = selectedPairId ? byId.get(selectedPairId) : undefined
      if (!pair) {
        report.forEach((s) => {
          if (!pair && s.type === 'candidate-pair' && (s.selected || (s.nominated && s.state === 'succeeded'))) pair = s
        })
      }
      if (pair) {
        const local = byId.get(pair.localCandidateId) ?? {}
        const remote = byId.get(pair.remoteCandidateId) ?? {}
        entry.pair = {
          local: local.candidateType,
          remote: remote.candidateType,
          localAddress: `${local.address ?? local.ip ?? '?'}:${local.port ?? '?'}`,
          remoteAddress: `${remote.address ?? remote.ip ?? '?'}:${remote.port ?? '?'}`,
          localProtocol: local.protocol,
          relayProtocol: local.relayProtocol,
          state: pair.state,
          nominated: !!pair.nominated,
          selected: selectedPairId === pair.id || !!pair.selected,
        }
      }
      out.push(entry)
    }
    return out
  })
}

/** One line per connection, for logs and failure messages. */
export function describeStats(stats) {
  if (!stats?.length) return 'no open RTCPeerConnection'
  return stats
    .map((s) => {
      const v = s.videoIn.map((x) => `${x.framesDecoded}f@${x.frameWidth}x${x.frameHeight}`).join(',') || '-'
      const a = s.audioIn.map((x) => `${x.packetsReceived}p`).join(',') || '-'
      const p = s.pair ? `${s.pair.local}->${s.pair.remote} ${s.pair.state}` : 'no pair'
      return `pc#${s.index} ${s.connectionState}/${s.iceConnectionState} policy=${s.policy} videoIn=${v} audioIn=${a} pair=${p}`
    })
    .join(' | ')
}

/** Total inbound video streams with framesDecoded > 0 over all connections. */
export function decodingVideoStreams(stats) {
  return stats.reduce((n, s) => n + s.videoIn.filter((v) => v.framesDecoded > 0).length, 0)
}

/**
 * The <video> of a tile: {present, playing, videoWidth, videoHeight, paused, readyState}.
 * "Playing": not paused, has current data, videoWidth > 0.
 */
export async function tileVideoState(tileLocator) {
  const marked = tileLocator.getByTestId('tile-video').first()
  const target = (await marked.count()) > 0 ? marked : tileLocator.locator('video').first()
  if ((await target.count()) === 0) return { present: false, playing: false, videoWidth: 0, videoHeight: 0 }
  return target.evaluate((el) => {
    const v = el instanceof HTMLVideoElement ? el : el.querySelector('video')
    if (!v) return { present: false, playing: false, videoWidth: 0, videoHeight: 0 }
    // Mean colour of the current frame (downscaled): tells the blue file camera from the
    // green fake screen (fake-camera.mjs).
    let rgb = null
    if (v.videoWidth > 0 && v.readyState >= 2) {
      try {
        const canvas = document.createElement('canvas')
        canvas.width = 32
        canvas.height = 18
        const g = canvas.getContext('2d', { willReadFrequently: true })
        g.drawImage(v, 0, 0, 32, 18)
        const d = g.getImageData(0, 0, 32, 18).data
        const sum = [0, 0, 0]
        for (let i = 0; i < d.length; i += 4) for (let c = 0; c < 3; c++) sum[c] += d[i + c]
        rgb = sum.map((x) => Math.round(x / (d.length / 4)))
      } catch {
        rgb = null
      }
    }
    return {
      present: true,
      paused: v.paused,
      readyState: v.readyState,
      videoWidth: v.videoWidth,
      videoHeight: v.videoHeight,
      hasStream: !!v.srcObject,
      playing: !v.paused && v.readyState >= 2 && v.videoWidth > 0,
      rgb,
      // the file camera is blue, Chromium's fake screen green
      content: !rgb ? 'unknown' : rgb[2] > rgb[1] + 40 ? 'camera' : rgb[1] > rgb[2] + 40 ? 'screen' : 'unknown',
    }
  })
}
