// Opus DTX, measured in real Chromium (docs/PERFORMANCE.md, session 7): audio packets a second
// that one connection sends with and without `usedtx=1` in the answer it applies (what
// src/call/opusDtx.ts adds), for Chromium's fake microphone live and muted (track.enabled =
// false, which is how the client mutes). Two connections in one page over loopback; any page
// of the running suite serves as the secure context getUserMedia needs:
//
//   scripts/e2e-env.sh exec -- node web-ui/client/e2e/bench-opus-dtx.mjs
//
// Prints one BENCH line; asserts nothing.
import { baseUrl, launchBrowser } from './browser.mjs'

const browser = await launchBrowser({ extraArgs: ['--allow-loopback-in-peer-connection'] })
try {
  const page = await browser.browser.newPage()
  await page.goto(`${baseUrl()}/`)
  const rates = await page.evaluate(async () => {
    const withDtx = (sdp) => sdp.replace(/^(a=fmtp:\d+ .*useinbandfec=1.*)$/gm, '$1;usedtx=1')
    async function packetsPerSecond(dtx, muted) {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true })
      const track = stream.getAudioTracks()[0]
      track.enabled = !muted
      const sender = new RTCPeerConnection()
      const receiver = new RTCPeerConnection()
      sender.onicecandidate = (e) => e.candidate && receiver.addIceCandidate(e.candidate)
      receiver.onicecandidate = (e) => e.candidate && sender.addIceCandidate(e.candidate)
      sender.addTrack(track)
      await sender.setLocalDescription()
      await receiver.setRemoteDescription(sender.localDescription)
      await receiver.setLocalDescription()
      const answer = receiver.localDescription.sdp
      await sender.setRemoteDescription({ type: 'answer', sdp: dtx ? withDtx(answer) : answer })
      const sent = async () => {
        let packets = 0
        ;(await sender.getStats()).forEach((s) => { if (s.type === 'outbound-rtp') packets = s.packetsSent })
        return packets
      }
      await new Promise((r) => setTimeout(r, 2000)) // connected, encoder settled
      const before = await sent()
      await new Promise((r) => setTimeout(r, 5000))
      const rate = ((await sent()) - before) / 5
      sender.close()
      receiver.close()
      track.stop()
      return rate.toFixed(1)
    }
    return {
      live: await packetsPerSecond(false, false),
      liveDtx: await packetsPerSecond(true, false),
      muted: await packetsPerSecond(false, true),
      mutedDtx: await packetsPerSecond(true, true),
    }
  })
  console.log(`BENCH opus packets/s sent, fake microphone: live ${rates.live}, live with DTX ${rates.liveDtx}; ` +
    `muted ${rates.muted}, muted with DTX ${rates.mutedDtx}`)
} finally {
  await browser.close()
}
