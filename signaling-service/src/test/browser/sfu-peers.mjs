// Real browser peers for signaling-service's SFU tests (SfuBrowserTest drives this process).
//
// Runs inside the test's network namespace (ip netns exec cvn-sfutest node sfu-peers.mjs), so
// headless Chromium gathers only the namespace's addresses and reaches Janus there. One
// Chromium, one page per peer (pages are http://127.0.0.1 — a secure context — served here).
// Each peer has the two PeerConnections of Convene's SFU mode: "publisher" (camera with three
// simulcast layers h/m/l, microphone, optionally the screen as a second video m-line) and
// "subscriber" (one multistream connection whose offers come from Janus).
//
// Protocol: one JSON object per line.
//   stdin  {"id":n, "cmd":"open"|"publish"|"publisherAnswer"|"addScreen"|"subscriberOffer"|"stats"|"close"|"quit", "peer":"…", …}
//   stdout {"re":n, "ok":true, "result":…} | {"re":n, "ok":false, "error":"…"}
//          {"event":"candidate", "peer":"…", "pc":"publisher"|"subscriber", "candidate":{…}|null}
//          {"event":"log", "message":"…"}
// Flags: exactly those of shared/notes/webrtc-testing.md (no traffic leaves the namespace).
import http from 'node:http'
import readline from 'node:readline'

const { chromium } = await import(process.env.PLAYWRIGHT_CORE ?? 'playwright-core')

const FLAGS = [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
  '--disable-features=WebRtcHideLocalIpsWithMdns',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1',
]

const out = (obj) => process.stdout.write(JSON.stringify(obj) + '\n')
const log = (message) => out({ event: 'log', message })

// Everything the page needs; installed with addInitScript so every page has window.peer.
const PAGE_SCRIPT = () => {
  const state = { pub: null, sub: null, screenSender: null, tracks: [] }
  const waitGathering = (pc) => new Promise((resolve) => {
    if (pc.iceGatheringState === 'complete') return resolve()
    const done = () => pc.iceGatheringState === 'complete' && resolve()
    pc.addEventListener('icegatheringstatechange', done)
    setTimeout(resolve, 5000)
  })
  const midsOf = (pc, sources) => pc.getTransceivers()
    .filter((t) => t.mid !== null && sources.has(t))
    .map((t) => ({ mid: t.mid, source: sources.get(t) }))
  const sources = new Map()
  window.peer = {
    async publish({ simulcast = true, screen = false }) {
      const pc = new RTCPeerConnection()
      state.pub = pc
      pc.onicecandidate = (e) => window.emitCandidate('publisher', e.candidate ? e.candidate.toJSON() : null)
      const cam = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 640, height: 480 } })
      sources.set(pc.addTransceiver(cam.getAudioTracks()[0], { direction: 'sendonly' }), 'mic')
      const encodings = simulcast
        ? [{ rid: 'h', maxBitrate: 900000 }, { rid: 'm', scaleResolutionDownBy: 2, maxBitrate: 300000 },
           { rid: 'l', scaleResolutionDownBy: 4, maxBitrate: 100000 }]
        : undefined
      sources.set(pc.addTransceiver(cam.getVideoTracks()[0], { direction: 'sendonly', sendEncodings: encodings }), 'camera')
      if (screen) {
        const display = await navigator.mediaDevices.getDisplayMedia({ video: true })
        sources.set(pc.addTransceiver(display.getVideoTracks()[0], { direction: 'sendonly' }), 'screen')
      }
      await pc.setLocalDescription(await pc.createOffer())
      return { sdp: pc.localDescription.sdp, streams: midsOf(pc, sources) }
    },
    async addScreen() {
      const pc = state.pub
      const display = await navigator.mediaDevices.getDisplayMedia({ video: true })
      sources.set(pc.addTransceiver(display.getVideoTracks()[0], { direction: 'sendonly' }), 'screen')
      await pc.setLocalDescription(await pc.createOffer())
      return { sdp: pc.localDescription.sdp, streams: midsOf(pc, sources) }
    },
    async publisherAnswer({ sdp }) {
      await state.pub.setRemoteDescription({ type: 'answer', sdp })
      return { signalingState: state.pub.signalingState }
    },
    async subscriberOffer({ sdp, newConnection }) {
      if (newConnection || !state.sub) {
        if (state.sub) state.sub.close()
        const pc = new RTCPeerConnection()
        state.sub = pc
        pc.onicecandidate = (e) => window.emitCandidate('subscriber', e.candidate ? e.candidate.toJSON() : null)
      }
      const pc = state.sub
      await pc.setRemoteDescription({ type: 'offer', sdp })
      await pc.setLocalDescription(await pc.createAnswer())
      return { sdp: pc.localDescription.sdp }
    },
    async stats() {
      const result = { inbound: [], outbound: [], pub: state.pub?.connectionState, sub: state.sub?.connectionState }
      if (state.sub) {
        const byTrack = new Map()
        for (const t of state.sub.getTransceivers()) if (t.receiver.track) byTrack.set(t.receiver.track.id, t.mid)
        const report = await state.sub.getStats()
        report.forEach((s) => {
          if (s.type === 'inbound-rtp') {
            result.inbound.push({ mid: s.mid ?? byTrack.get(s.trackIdentifier), kind: s.kind,
              framesDecoded: s.framesDecoded ?? 0, packetsReceived: s.packetsReceived ?? 0,
              frameWidth: s.frameWidth ?? 0, frameHeight: s.frameHeight ?? 0 })
          }
        })
      }
      if (state.pub) {
        const report = await state.pub.getStats()
        report.forEach((s) => {
          if (s.type === 'outbound-rtp') {
            result.outbound.push({ mid: s.mid, rid: s.rid, kind: s.kind, framesEncoded: s.framesEncoded ?? 0,
              frameWidth: s.frameWidth ?? 0 })
          }
        })
      }
      return result
    },
  }
}

const server = http.createServer((req, res) => {
  res.setHeader('content-type', 'text/html')
  res.end('<!doctype html><title>sfu peer</title>')
})
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
const origin = `http://127.0.0.1:${server.address().port}/`

const browser = await chromium.launch({ executablePath: process.env.CONVENE_CHROMIUM ?? '/usr/bin/chromium', args: FLAGS, timeout: 60000 })
const pages = new Map()

async function open(peer) {
  const context = await browser.newContext()
  await context.addInitScript(PAGE_SCRIPT)
  const page = await context.newPage()
  page.on('console', (m) => m.type() === 'error' && log(`${peer}: ${m.text()}`))
  page.on('pageerror', (e) => log(`${peer}: ${e.message}`))
  await page.exposeFunction('emitCandidate', (pc, candidate) => out({ event: 'candidate', peer, pc, candidate }))
  await page.goto(origin)
  pages.set(peer, { page, context })
  return { ok: true }
}

async function handle(msg) {
  switch (msg.cmd) {
    case 'open': return open(msg.peer)
    case 'close': {
      const entry = pages.get(msg.peer)
      pages.delete(msg.peer)
      if (entry) await entry.context.close()
      return {}
    }
    case 'quit':
      await browser.close()
      server.close()
      setTimeout(() => process.exit(0), 10)
      return {}
    default: {
      const entry = pages.get(msg.peer)
      if (!entry) throw new Error(`no peer ${msg.peer}`)
      return entry.page.evaluate(([cmd, arg]) => window.peer[cmd](arg), [msg.cmd, msg])
    }
  }
}

const rl = readline.createInterface({ input: process.stdin })
rl.on('line', (line) => {
  let msg
  try {
    msg = JSON.parse(line)
  } catch {
    log(`not JSON: ${line}`)
    return
  }
  handle(msg).then(
    (result) => out({ re: msg.id, ok: true, result }),
    (error) => out({ re: msg.id, ok: false, error: String(error?.message ?? error) }))
})
// The test JVM went away: don't leave Chromium behind.
rl.on('close', () => browser.close().finally(() => process.exit(0)))
out({ event: 'ready' })
