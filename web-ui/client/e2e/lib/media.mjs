// Per-participant media checks for the SFU and AUTO scenarios (and bench-media.mjs).
//
// In SFU mode one receiving connection carries everyone, and during an AUTO switch the mesh
// and the SFU connections run side by side, so "some inbound stream decodes" says little.
// Everything here goes through what a tile shows: the track in the tile's <video> (the
// client wraps the receiver's own track, VideoTile.vue) is looked up among the inbound-rtp
// stats of every recorded RTCPeerConnection by `trackIdentifier`, which gives that tile's
// `framesDecoded`. "A decodes B" = the video of B's tile on A's page has framesDecoded that
// grow — whichever path (mesh link or SFU subscriber) the tile shows.
//
// The gap recorder (startGapRecorder) runs inside each page: every 500 ms (GAP_SAMPLE_MS) it samples the
// framesDecoded of the track each remote tile shows and records, per remote participant,
// the longest time without growth once frames have flowed, and when the page's media mode
// (meeting-room data-media-mode, media-mode-badge data-switching-to) changed. Times are
// Date.now() of the page (one machine: comparable across pages and with the test process).
import { CheckFailed, eventually } from './harness.mjs'

/**
 * What each remote tile shows right now on `person`'s page:
 * { [participantId]: { track, framesDecoded, playing, videoWidth, path } }, where `path` is the
 * index in window.__pcs of the connection that receives the shown track (or null).
 */
export async function tileFrames(page) {
  return page.evaluate(SAMPLE_TILES_SOURCE)
}

// A function body as text so that the page and the gap recorder share it.
const SAMPLE_TILES = async () => {
  // The receiver track objects of every open connection with their inbound-rtp counters.
  // Keyed by connection and track id: a rebuilt connection may reuse the track ids (msid)
  // of the one it replaces, and its counters start from zero again.
  const byTrack = new Map()
  const byKey = {}
  const pcs = window.__pcs ?? []
  for (let index = 0; index < pcs.length; index++) {
    const pc = pcs[index]
    if (pc.connectionState === 'closed' || pc.signalingState === 'closed') continue
    let report
    try {
      report = await pc.getStats()
    } catch {
      continue
    }
    const stats = new Map()
    report.forEach((s) => {
      if (s.type === 'inbound-rtp' && s.kind === 'video' && s.trackIdentifier) stats.set(s.trackIdentifier, s)
    })
    for (const receiver of pc.getReceivers()) {
      const s = receiver.track && stats.get(receiver.track.id)
      if (!s) continue
      const key = `${index}:${receiver.track.id}`
      byTrack.set(receiver.track, { key, framesDecoded: s.framesDecoded ?? 0, frameWidth: s.frameWidth ?? 0, pc: index })
      byKey[key] = s.framesDecoded ?? 0
    }
  }
  const tiles = {}
  for (const tile of document.querySelectorAll('[data-testid="tile"][data-participant-id]')) {
    if (tile.getAttribute('data-self') === 'true') continue
    const id = tile.getAttribute('data-participant-id')
    if (tiles[id]?.track) continue // a second tile of the same person (screen): keep the first with video
    const video = tile.querySelector('video')
    const track = video?.srcObject?.getVideoTracks?.()[0] ?? null
    const stat = track ? byTrack.get(track) : undefined
    tiles[id] = {
      track: stat ? stat.key : track ? `?:${track.id}` : null,
      framesDecoded: stat ? stat.framesDecoded : null,
      frameWidth: stat ? stat.frameWidth : 0,
      path: stat ? stat.pc : null,
      videoWidth: video?.videoWidth ?? 0,
      playing: !!video && !video.paused && video.readyState >= 2 && video.videoWidth > 0,
    }
  }
  return { tiles, byTrack: byKey }
}
const SAMPLE_TILES_SOURCE = `(${SAMPLE_TILES.toString()})().then((r) => r.tiles)`

/** "bob: 812f@640 pc#1 | carol: -" for failure messages. */
export function describeTileFrames(tiles, nameOf = (id) => id) {
  const parts = Object.entries(tiles ?? {}).map(([id, x]) =>
    `${nameOf(id)}: ${x.framesDecoded === null ? (x.track ? 'track without stats' : 'no video') : `${x.framesDecoded}f@${x.frameWidth} pc#${x.path}`}${x.playing ? '' : ' (not playing)'}`)
  return parts.join(' | ') || 'no remote tiles'
}

/**
 * Waits until `viewer` decodes every one of `others` (Persons with participantId): each
 * one's tile shows a track whose framesDecoded grew between two samples ≥ 400 ms apart, and
 * the tile's <video> plays (videoWidth > 0). Returns the last sample.
 */
export async function expectDecodingEach(viewer, others, { timeoutMs = 30_000 } = {}) {
  const nameOf = nameLookup(others)
  let previous = null
  let previousAt = 0
  let last = {}
  const flowing = new Set()
  await eventually(
    `${viewer.name} decodes ${others.map((o) => o.name).join(', ')} (each tile's track: framesDecoded growing)`,
    async () => {
      const now = Date.now()
      last = await tileFrames(viewer.page)
      if (previous && now - previousAt >= 400) {
        for (const o of others) {
          const a = previous[o.participantId]
          const b = last[o.participantId]
          if (b?.playing && b.framesDecoded !== null && a?.track === b.track && b.framesDecoded > a.framesDecoded) flowing.add(o.participantId)
        }
        previous = last
        previousAt = now
      } else if (!previous) {
        previous = last
        previousAt = now
      }
      return others.every((o) => flowing.has(o.participantId))
    },
    {
      timeoutMs,
      intervalMs: 250,
      describe: () => `${describeTileFrames(last, nameOf)}; flowing: ${[...flowing].map(nameOf).join(', ') || 'none'}`,
    },
  )
  return last
}

/** Every person decodes every other (in parallel). */
export async function expectEveryoneDecodesEveryone(people, opts) {
  await Promise.all(people.map((viewer) => expectDecodingEach(viewer, people.filter((p) => p !== viewer), opts)))
}

/** meeting-room data-media-mode on the person's page (lower case) and the badge state. */
export async function mediaModeOf(person) {
  return person.page.evaluate(() => {
    const room = document.querySelector('[data-testid="meeting-room"]')
    const badge = document.querySelector('[data-testid="media-mode-badge"]')
    return {
      mode: (room?.getAttribute('data-media-mode') ?? '').toLowerCase() || null,
      badge: badge ? (badge.textContent ?? '').trim() : null,
      switchingTo: badge?.getAttribute('data-switching-to') ?? null,
    }
  })
}

/** Waits until the person's page shows `mode` (data-media-mode) with a visible badge that is not switching. */
export async function expectMediaMode(person, mode, { timeoutMs = 30_000, intervalMs = 250 } = {}) {
  let last
  await eventually(
    `${person.name}'s meeting shows media mode ${mode} (meeting-room data-media-mode, media-mode-badge not switching)`,
    async () => {
      last = await mediaModeOf(person)
      return last.mode === mode && last.badge && !last.switchingTo
    },
    { timeoutMs, intervalMs, describe: () => JSON.stringify(last) },
  )
  return last
}

// ---------------------------------------------------------------------------- gap recorder

// Evaluated as source text (page.evaluate of a string), never with eval/new Function inside
// the page, so a Content-Security-Policy without 'unsafe-eval' does not get in the way.
const GAP_RECORDER = (sample, intervalMs) => {
  if (window.__gapRecorder) window.__gapRecorder.stop()
  const rec = {
    startedAt: Date.now(),
    running: true,
    samples: 0,
    slowSamples: 0,
    prevByTrack: {},
    // participantId -> { ticks: [[epoch ms, 1 if the shown track's framesDecoded grew since the
    // previous sample else 0], …], tracks: [ids], shown: [{at, track, path}] }
    pairs: {},
    // [{at, mode}] — "p2p", "sfu", "p2p→sfu" (badge data-switching-to) …
    modes: [],
    stop() {
      this.running = false
    },
  }
  window.__gapRecorder = rec
  const modeNow = () => {
    const room = document.querySelector('[data-testid="meeting-room"]')
    const badge = document.querySelector('[data-testid="media-mode-badge"]')
    const to = badge?.getAttribute('data-switching-to')
    return `${(room?.getAttribute('data-media-mode') ?? '?').toLowerCase()}${to ? `→${to}` : ''}`
  }
  let lastMode = modeNow()
  rec.modes.push({ at: Date.now(), mode: lastMode })
  const tick = async () => {
    if (!rec.running) return
    const t0 = Date.now()
    try {
      const mode = modeNow()
      if (mode !== lastMode) {
        rec.modes.push({ at: t0, mode })
        lastMode = mode
      }
      const { tiles, byTrack } = await sample()
      const now = Date.now()
      rec.samples++
      if (now - t0 > intervalMs) rec.slowSamples++
      for (const [id, x] of Object.entries(tiles)) {
        const p = (rec.pairs[id] ??= { ticks: [], tracks: [], shown: [] })
        if (!x.track || x.framesDecoded === null) {
          // The tile shows no track, or one whose connection is gone: no frame, once it flowed.
          if (p.ticks.length && p.ticks.length < 20_000) p.ticks.push([now, 0])
          continue
        }
        if (!p.tracks.includes(x.track)) p.tracks.push(x.track)
        // when the tile started showing another track (the switch of this pair's path)
        if (p.shown[p.shown.length - 1]?.track !== x.track) p.shown.push({ at: now, track: x.track, path: x.path })
        // The first sample is only the baseline; later, a track that was not there at the
        // previous sample (a new connection shown at once) counts from zero.
        const before = rec.prevByTrack[x.track]
        if (rec.samples > 1 && p.ticks.length < 20_000) p.ticks.push([now, x.framesDecoded > (before ?? 0) ? 1 : 0])
      }
      rec.prevByTrack = byTrack
    } catch {
      /* page busy: next tick */
    }
    if (rec.running) setTimeout(tick, Math.max(0, intervalMs - (Date.now() - t0)))
  }
  void tick()
  return rec.startedAt
}

/**
 * How often the gap recorder samples by default. Each sample is a getStats() of every connection
 * of the page plus a walk over the tiles, on the page's main thread: at 100 ms on five pages that
 * is 200+ getStats calls a second during a switch. A CPU profile of the pages during a switch on
 * the session-7 box (two slow cores, five pages) put the recorder alone at 5–7 % of a core per
 * page, on a machine already saturated, and pages then stalled for 6–13 s. 500 ms still resolves
 * gaps well against the scenarios' 6 s limit; bench-media.mjs samples every 100 ms for its
 * printed figure.
 */
export const GAP_SAMPLE_MS = 500

/** Starts (or restarts) the in-page gap recorder on the person's page; returns its start time. */
export async function startGapRecorder(person, { intervalMs = GAP_SAMPLE_MS } = {}) {
  return person.page.evaluate(`(${GAP_RECORDER.toString()})(${SAMPLE_TILES.toString()}, ${Number(intervalMs)})`)
}

/**
 * Waits until the person's gap recorder has seen the frames of every one of `others` grow
 * (so that an event right after this — a kill, a join — finds every pair "flowing").
 */
export async function expectRecorderFlowing(person, others, { timeoutMs = 10_000 } = {}) {
  const ids = others.map((o) => o.participantId)
  let seen = []
  await eventually(
    `${person.name}'s gap recorder sees frames from ${others.map((o) => o.name).join(', ')}`,
    async () => {
      seen = await person.page.evaluate((want) => want.filter((id) => window.__gapRecorder?.pairs[id]?.ticks.some((x) => x[1] === 1)), ids)
      return seen.length === ids.length
    },
    { timeoutMs, intervalMs: 100, describe: () => `growing: ${seen.length} of ${ids.length}` },
  )
}

/**
 * Stops the recorder and returns { startedAt, stoppedAt, samples, slowSamples,
 * modes: [{at, mode}], pairs: { [participantId]: { progress: [epoch ms], tracks: [ids] } } }.
 */
export async function stopGapRecorder(person) {
  return person.page.evaluate(() => {
    const rec = window.__gapRecorder
    if (!rec) return null
    rec.stop()
    return { startedAt: rec.startedAt, stoppedAt: Date.now(), samples: rec.samples, slowSamples: rec.slowSamples, modes: rec.modes, pairs: rec.pairs }
  })
}

/**
 * The longest stretch without a decoded frame that overlaps the window [from, to], from the
 * samples [[t, grew]]: growth at sample a and none at a+1 … b-1 proves that no frame was
 * decoded between t(a) and t(b-1) — the gap counted (a lower bound: a late sample, e.g. on a
 * starved page, only widens the interval and is never counted as a gap by itself); `upTo` is
 * the upper bound t(b) - t(a-1). null if nothing grew before `from` (not flowing yet).
 */
export function longestGap(ticks, from, to) {
  let flowing = false
  let lastGrowth = null
  let beforeGrowth = null // the sample before lastGrowth
  let previous = null
  let worst = null
  const consider = (endNoGrowth, next, open) => {
    if (lastGrowth === null || endNoGrowth === null) return
    const ms = endNoGrowth - lastGrowth
    if (endNoGrowth < from || lastGrowth > to) return
    if (!worst || ms > worst.ms) worst = { ms, from: lastGrowth, to: endNoGrowth, upTo: (next ?? endNoGrowth) - (beforeGrowth ?? lastGrowth), open }
  }
  let lastStill = null
  for (const [t, grew] of ticks) {
    if (t > to) break
    if (grew) {
      if (lastStill !== null) consider(lastStill, t, false)
      if (t <= from) flowing = true
      beforeGrowth = previous
      lastGrowth = t
      lastStill = null
    } else if (lastGrowth !== null) {
      lastStill = t
    }
    previous = t
  }
  if (lastStill !== null) consider(lastStill, null, true)
  if (!flowing) return null
  return worst ?? { ms: 0, from, to: from, upTo: 0, open: false }
}

/**
 * Stops the recorders of `viewers` and measures the switch: it starts when the first of
 * these pages shows the switch (badge data-switching-to, or the mode changing), or at
 * `fallbackFrom` when none saw it, and ends when the recorders stop. Returns
 * { switchAt, rows: [{ viewer, other, maxGap, gapFrom, gapTo, tracks, samples, slowSamples }] }
 * for every pair that was flowing before the switch started (the "existing" pairs) and,
 * with `among`, whose sender is one of those people (who left does not count).
 */
export async function switchGaps(viewers, everyone, fallbackFrom, { among } = {}) {
  const nameOf = nameLookup(everyone)
  const recs = []
  for (const viewer of viewers) {
    const rec = await stopGapRecorder(viewer)
    if (!rec) throw new CheckFailed(`${viewer.name} has no gap recorder`)
    recs.push([viewer, rec])
  }
  const changes = recs.flatMap(([, rec]) => rec.modes.slice(1).map((m) => m.at))
  const switchAt = changes.length ? Math.min(...changes) : fallbackFrom
  const rows = []
  for (const [viewer, rec] of recs) {
    for (const [id, p] of Object.entries(rec.pairs)) {
      const gap = longestGap(p.ticks, switchAt, rec.stoppedAt)
      if (!gap) continue
      if (among && !among.some((o) => o.participantId === id)) continue
      rows.push({
        viewer: viewer.name,
        other: nameOf(id),
        maxGap: gap.ms,
        upTo: gap.upTo,
        gapFrom: gap.from - switchAt,
        gapTo: gap.to - switchAt,
        open: !!gap.open,
        tracks: p.tracks.length,
        // when the tile switched to another track (ms after the switch began)
        trackSwitches: p.shown.slice(1).map((x) => x.at - switchAt),
        samples: rec.samples,
        slowSamples: rec.slowSamples,
        modes: rec.modes,
      })
    }
  }
  rows.sort((a, b) => b.maxGap - a.maxGap)
  return { switchAt, rows }
}

/** The page's media-mode messages since `since` (epoch ms): see RECORD_MEDIA_MODE_MESSAGES (lib/webrtc.mjs). */
export async function mediaModeLog(person, since = 0) {
  const log = await person.page.evaluate(() => window.__mediaModeLog ?? [])
  return log.filter((m) => m.at >= since && m.type.startsWith('media-mode'))
}

/** The page's sfu.* messages since `since` (epoch ms), without candidates: [{at, dir, type, offerId?, newConnection?, streams?}]. */
export async function sfuLog(person, since = 0) {
  const log = await person.page.evaluate(() => window.__mediaModeLog ?? [])
  return log.filter((m) => m.at >= since && m.type.startsWith('sfu.'))
}

/** "prepare sfu +0 ms, ready sfu complete waited 812 ms (+815), commit sfu +1390" relative to the first prepare. */
export function describeMediaModeLog(log) {
  const t0 = log.find((m) => m.phase === 'prepare')?.at ?? log[0]?.at ?? 0
  return log.map((m) => (m.type === 'media-mode-ready'
    ? `ready ${m.mode} ${m.complete ? 'complete' : 'INCOMPLETE'} waited ${m.waitedMs} ms (+${m.at - t0})`
    : `${m.phase} ${m.mode}${m.reason ? ` (${m.reason})` : ''} +${m.at - t0}`)).join(', ') || 'none'
}

export function nameLookup(people) {
  const map = new Map(people.filter((p) => p.participantId).map((p) => [p.participantId, p.name]))
  return (id) => map.get(id) ?? id
}

// ------------------------------------------------------------------------------ paths

/**
 * The remote addresses of the selected candidate pairs of every open connection on the page,
 * with how many inbound video streams each connection carries:
 * [{ index, remote: 'ip:port', videoIn }].
 */
export async function connectionPaths(page) {
  return page.evaluate(async () => {
    const out = []
    const pcs = window.__pcs ?? []
    for (let index = 0; index < pcs.length; index++) {
      const pc = pcs[index]
      if (pc.connectionState === 'closed' || pc.signalingState === 'closed') continue
      const report = await pc.getStats()
      const byId = new Map()
      report.forEach((s) => byId.set(s.id, s))
      let pairId
      let videoIn = 0
      let videoOut = 0
      report.forEach((s) => {
        if (s.type === 'transport' && s.selectedCandidatePairId) pairId = s.selectedCandidatePairId
        if (s.type === 'inbound-rtp' && s.kind === 'video') videoIn++
        if (s.type === 'outbound-rtp' && s.kind === 'video') videoOut++
      })
      const pair = pairId ? byId.get(pairId) : undefined
      const remote = pair ? byId.get(pair.remoteCandidateId) : undefined
      out.push({ index, state: pc.connectionState, remoteIp: remote?.address ?? remote?.ip ?? null, remotePort: remote?.port ?? null, videoIn, videoOut })
    }
    return out
  })
}

/** Janus' media ports (rtp_port_range of scripts/conf/janus, rendered by scripts/lib.sh). */
export const JANUS_RTP_PORTS = [20000, 20100]

/** The connection's selected pair ends at a Janus: one of its addresses and a port of its RTP range. */
export function endsAtJanus(path, janusIps) {
  return !!path.remoteIp && janusIps.includes(path.remoteIp) && path.remotePort >= JANUS_RTP_PORTS[0] && path.remotePort <= JANUS_RTP_PORTS[1]
}

/**
 * The page's connections are exactly those of SFU mode: one send-only publisher and one
 * receive-only subscriber carrying ≥ `videosIn` videos, both ending at a Janus (optionally at
 * the one with address `at`). Returns null if so, else what is wrong.
 */
export function sfuPathProblem(paths, janusIps, { videosIn, at } = {}) {
  const open = paths.filter((p) => p.state !== 'closed')
  if (open.length !== 2) return `${open.length} open connections, SFU mode has 2 (publisher + subscriber)`
  const notJanus = open.filter((p) => !endsAtJanus(p, janusIps))
  if (notJanus.length) return `connection(s) ${notJanus.map((p) => `pc#${p.index} → ${p.remoteIp}:${p.remotePort}`).join(', ')} do not end at a Janus (${janusIps.join(', ')}, ports ${JANUS_RTP_PORTS.join('–')})`
  if (at && !open.every((p) => p.remoteIp === at)) return `not every connection ends at the Janus on ${at}`
  if (!open.some((p) => p.videoOut >= 1 && p.videoIn === 0)) return 'no send-only publisher connection'
  if (!open.some((p) => p.videoOut === 0 && p.videoIn >= (videosIn ?? 1))) return `no receive-only subscriber connection with ≥ ${videosIn ?? 1} videos`
  return null
}

/** The page's connections are those of a P2P mesh with `peers` others: that many sendrecv links, none to a Janus. */
export function meshPathProblem(paths, janusIps, peers) {
  const open = paths.filter((p) => p.state !== 'closed')
  if (open.length !== peers) return `${open.length} open connections, a mesh with ${peers} other(s) has ${peers}`
  const janus = open.filter((p) => endsAtJanus(p, janusIps))
  if (janus.length) return `connection(s) ${janus.map((p) => `pc#${p.index}`).join(', ')} end at a Janus`
  if (!open.every((p) => p.videoIn >= 1 && p.videoOut >= 1)) return 'not every link sends and receives video'
  return null
}

export function describePaths(paths) {
  return paths.map((p) => `pc#${p.index} ${p.state} → ${p.remoteIp}:${p.remotePort} video in ${p.videoIn}/out ${p.videoOut}`).join(', ') || 'no connections'
}

/** Waits until `problem(paths)` (a function returning null or a reason) is null on the person's page. */
export async function expectPaths(person, what, problem, { timeoutMs = 25_000 } = {}) {
  let paths = []
  let reason = ''
  await eventually(
    `${person.name}: ${what}`,
    async () => {
      paths = await connectionPaths(person.page)
      reason = problem(paths)
      return reason === null
    },
    { timeoutMs, intervalMs: 500, describe: () => `${reason}; ${describePaths(paths)}` },
  )
  return paths
}

// ------------------------------------------------------------------------- simulcast layers

/**
 * What the page's camera encodes per simulcast layer: { h, m, l } = framesEncoded of the
 * outbound-rtp with that rid (summed over open connections; 0 if Chromium has none), and
 * `size` per rid ("640x480"). Used to see dynacast pause and resume layers.
 */
export async function encodedLayers(page) {
  return page.evaluate(async () => {
    const frames = { h: 0, m: 0, l: 0 }
    const size = {}
    for (const pc of window.__pcs ?? []) {
      if (pc.connectionState === 'closed' || pc.signalingState === 'closed') continue
      const report = await pc.getStats()
      report.forEach((s) => {
        if (s.type === 'outbound-rtp' && s.kind === 'video' && s.rid in frames) {
          frames[s.rid] += s.framesEncoded ?? 0
          if (s.frameWidth) size[s.rid] = `${s.frameWidth}x${s.frameHeight}`
        }
      })
    }
    return { ...frames, size }
  })
}

/**
 * Waits until `person`'s camera layer `rid` is encoding (`encoding` true: framesEncoded grew
 * over the last ≥ `windowMs`) or paused (false: it did not grow over ≥ `windowMs`). Returns
 * the last sample.
 */
export async function expectLayerEncoding(person, rid, encoding, { timeoutMs = 20_000, windowMs = 1500 } = {}) {
  const samples = []
  let last
  await eventually(
    `${person.name}'s camera layer ${rid} ${encoding ? 'encoding' : 'paused'}`,
    async () => {
      last = await encodedLayers(person.page)
      const now = Date.now()
      samples.push({ at: now, frames: last[rid] })
      const old = samples.filter((s) => now - s.at >= windowMs).at(-1)
      if (!old) return false
      return encoding ? last[rid] > old.frames : last[rid] === old.frames
    },
    { timeoutMs, intervalMs: 250, describe: () => `framesEncoded per rid: h ${last?.h} m ${last?.m} l ${last?.l} (${JSON.stringify(last?.size)})` },
  )
  return last
}
