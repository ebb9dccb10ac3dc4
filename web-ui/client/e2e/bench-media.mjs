// Media benchmarks of the SFU and AUTO modes (issue #8), printed, not asserted:
//
//   join   join → first remote frame in an SFU room, p50/p90 over N joins: a guest clicks
//          "Join" on the pre-join page of a room where Alice already publishes; the time until
//          a remote tile's <video> has a decoded frame (videoWidth > 0), polled every 5 ms in
//          the page. Each guest leaves before the next one joins. Also the other way round: the
//          time until Alice shows a frame of the guest ("seen by others"; her running
//          subscription gets the guest's streams by an update).
//   six    6 people click "Join" 400 ms apart (--join-spacing; pre-join done beforehand) in an
//          SFU room, then in a P2P room: time from the last click until every page shows a
//          frame on all 5 remote tiles ("all flowing"). Then the CPU time of the Chromium process tree (/proc, every
//          process below this Node process) over a fixed window with all six in the meeting,
//          and for the SFU the Janus process' too; the ratio SFU / mesh comes from the same run.
//          The frames all pages decoded meanwhile are counted too: when the machine is
//          saturated both setups get the same CPU share and the difference shows as frames
//          (CPU ms per decoded frame is then the comparable figure).
//          --rounds N repeats the pair (SFU, mesh) N times in fresh rooms and adds a summary
//          line (median, min, max): one run of six pages on two cores varies by seconds.
//   six-sfu the SFU half of `six` alone (no mesh, no ratio): quicker when only its time matters.
//   own    `six` as one participant's computer sees it: the host has a Chromium of its own, the
//          other five share a second one under SCHED_IDLE (standing in for five other
//          computers: they get only the CPU the host's browser and the server leave). The
//          CPU of the host's whole browser (main, renderer, GPU, network and audio processes)
//          over the window, SFU and mesh (alternating which goes first per round), and the
//          ratio; the other five's browser is printed for context. --rounds N.
//   switch the AUTO scenario (scenarios/auto-switch.mjs: 2 → 5 → SFU, 5 → 2 → P2P) with its
//          framesDecoded gap per existing pair (SWITCH-GAP lines).
//
//   scripts/bench-media.sh [--joins N] [--cpu-window S] [--join-spacing MS] [--rounds N] [--only join,six,six-sfu,own,switch]
//   scripts/e2e-env.sh exec -- node web-ui/client/e2e/bench-media.mjs [same options]  (suite already up)
//
// Result lines start with "BENCH "; the load average before and after each part is printed
// too, and at the end the box's speed (a fixed loop's ms at the start, after each part and at
// the end) and CPU steal: the machine has 2 cores shared with others, read figures with them.
import { readFileSync, readdirSync } from 'node:fs'
import { execFileSync } from 'node:child_process'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { runScenario, sleep, eventually, CheckFailed } from './lib/harness.mjs'
import { createRoomViaApi, joinMeeting, newAccount, signUpViaApi } from './lib/app.mjs'
import { REPO_ROOT } from './lib/env.mjs'
import { sfuLog } from './lib/media.mjs'
import * as autoSwitch from './scenarios/auto-switch.mjs'

const SMALL = { width: 800, height: 500 }

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback
}
/** A number option ≥ min (whole unless `whole` is false); anything else stops the bench with a clear message, not a silent NaN. */
function countOption(name, fallback, min, whole = true) {
  const value = Number(option(name, fallback))
  if (!Number.isFinite(value) || (whole && !Number.isInteger(value)) || value < min) {
    console.error(`bench-media: --${name} must be a ${whole ? 'whole ' : ''}number ≥ ${min} (got "${option(name, fallback)}")`)
    process.exit(2)
  }
  return value
}
const JOINS = countOption('joins', '10', 1)
const CPU_WINDOW_S = countOption('cpu-window', '20', 1, false)
const PARTS = option('only', 'join,six,switch').split(',')
const JOIN_SPACING_MS = countOption('join-spacing', '400', 0)
const ROUNDS = countOption('rounds', '1', 1)
// WxH or WxH@FPS (the file camera's frame rate; 20 by default). Applies to every page of every part.
const CAMERA = /^(\d+)x(\d+)(?:@(\d+))?$/.exec(option('camera', '640x480'))

const results = []
function bench(line) {
  results.push(line)
  console.log(`BENCH ${line}`)
}
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ')

/**
 * How fast this box is right now: ms for a fixed integer loop in a fresh Node without its JIT
 * (the same interpreted work every time; in this process the JIT made repeated readings vary
 * 10×). A shared machine's speed drifts by minutes (docs/PERFORMANCE.md, session 8: the same
 * build's six-party time varied 5×), so figures are only comparable with similar readings.
 */
function boxSpeedMs() {
  const start = process.hrtime.bigint()
  execFileSync(process.execPath, ['--jitless', '--no-warnings', '-e', 'let x = 0; for (let i = 0; i < 20_000_000; i++) x = (x + i) | 0'],
    { stdio: 'ignore' })
  return Number(process.hrtime.bigint() - start) / 1e6
}
/** CPU steal (ticks of the whole machine) so far, from /proc/stat: time the host gave to others. */
function stealTicks() {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/)
  return Number(cpu[8] ?? 0)
}
const speedReadings = []
function noteBoxSpeed(when) {
  const ms = boxSpeedMs()
  speedReadings.push(`${when} ${ms.toFixed(0)} ms`)
  return ms
}
const spread = (values, digits = 0) => {
  const s = [...values].sort((a, b) => a - b)
  const median = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
  return `median ${median.toFixed(digits)} (${s[0].toFixed(digits)} … ${s[s.length - 1].toFixed(digits)}; ${s.map((x) => x.toFixed(digits)).join(' ')})`
}
const pct = (values, p) => {
  const s = [...values].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]
}

// ------------------------------------------------------------------------- pre-join helpers

/** Opens the link and goes through pre-join up to an enabled "Join" button (not clicked). */
async function readyToJoin(person, link, guestName) {
  await person.page.goto(link, { waitUntil: 'domcontentloaded' })
  const visible = (id) => person.id(id).first().isVisible().catch(() => false)
  await eventually(`${person.name} reaches an enabled prejoin-join`, async () => {
    if (guestName && (await visible('guest-name'))) {
      const field = person.id('guest-name').first()
      if ((await field.inputValue().catch(() => '')) !== guestName) await field.fill(guestName, { timeout: 2_000 }).catch(() => {})
      if (await visible('guest-continue')) await person.id('guest-continue').first().click({ timeout: 2_000 }).catch(() => {})
      return false
    }
    const join = person.id('prejoin-join').first()
    return (await join.isVisible().catch(() => false)) && (await join.isEnabled().catch(() => false))
  }, { timeoutMs: 30_000, intervalMs: 200 })
  // Device preview and the like settle before the clock starts.
  await sleep(500)
}

/**
 * In the page: records the first time each remote tile shows a decoded frame
 * (window.__firstFrames: participantId → epoch ms, from now on), polling every 5 ms; with
 * `click`, clicks "Join" and returns the click time (epoch ms).
 */
async function watchFrames(person, click = false) {
  return person.page.evaluate((click) => {
    window.__stopWatch?.()
    const firstFrames = {}
    window.__firstFrames = firstFrames
    const iv = setInterval(() => {
      for (const tile of document.querySelectorAll('[data-testid="tile"][data-self="false"]')) {
        const id = tile.getAttribute('data-participant-id')
        if (firstFrames[id]) continue
        const v = tile.querySelector('video')
        if (v && v.videoWidth > 0 && v.readyState >= 2) firstFrames[id] = Date.now()
      }
    }, 5)
    setTimeout(() => clearInterval(iv), 60_000)
    // The 5 ms poll must not run into the CPU window (it would add the same cost to both modes).
    window.__stopWatch = () => clearInterval(iv)
    if (!click) return Date.now()
    const clickedAt = Date.now()
    document.querySelector('[data-testid="prejoin-join"]').click()
    return clickedAt
  }, click)
}

const clickJoinAndWatch = (person) => watchFrames(person, true)

async function firstFrames(person) {
  return person.page.evaluate(() => ({ ...(window.__firstFrames ?? {}) }))
}

/**
 * Waits until `person` shows a first frame on some remote tile at or after `since` (a tile
 * recorded earlier, e.g. a leaver's still on its way out, does not count); its time - since.
 */
async function firstFrameAfter(person, since, what) {
  const at = await eventually(what, async () => {
    const times = Object.values(await firstFrames(person)).filter((x) => x >= since)
    return times.length ? times : null
  }, { timeoutMs: 20_000, intervalMs: 100 })
  return Math.min(...at) - since
}

async function leave(person) {
  await person.id('leave').first().click({ timeout: 5_000 }).catch(() => {})
  await person.id('left-screen').first().waitFor({ state: 'visible', timeout: 10_000 }).catch(() => {})
  await person.context.close().catch(() => {})
}

// ------------------------------------------------------------------------ join timeline

/**
 * Init script (bench only, observation): the steps of a join with their time, in
 * window.__joinTimeline [{at, what, pc?}]: the room-token request (POST …/join) sent and
 * answered, the meeting WebSocket created, open and its welcome, getUserMedia resolved, and per
 * RTCPeerConnection ('pub' when it sends, 'sub' when it only receives; told apart on its first
 * state change) its creation, ICE connected, DTLS connected and each received video track's
 * first packets (unmute).
 */
function RECORD_JOIN_TIMELINE() {
  if (window.__joinTimeline) return
  const log = []
  Object.defineProperty(window, '__joinTimeline', { value: log, configurable: true })
  const note = (what, extra = {}) => { if (log.length < 500) log.push({ at: Date.now(), what, ...extra }) }
  const fetch0 = window.fetch
  window.fetch = function (input, init) {
    const url = typeof input === 'string' ? input : input?.url ?? String(input)
    const isJoin = /\/api\/rooms\/[^/]+\/join$/.test(url.split('?')[0])
    if (isJoin) note('token→')
    const p = fetch0.call(this, input, init)
    if (isJoin) p.then(() => note('token←'), () => note('token✗'))
    return p
  }
  const WS = window.WebSocket
  class TimedWebSocket extends WS {
    constructor(...args) {
      super(...args)
      if (!String(args[0]).includes('/ws/rooms/')) return
      note('ws→')
      this.addEventListener('open', () => note('ws-open'))
      this.addEventListener('message', (e) => {
        if (typeof e.data === 'string' && e.data.startsWith('{"type":"welcome"')) note('welcome')
        else if (typeof e.data === 'string' && e.data.includes('"type":"welcome"')) note('welcome')
      })
    }
  }
  window.WebSocket = TimedWebSocket
  const gum = navigator.mediaDevices?.getUserMedia?.bind(navigator.mediaDevices)
  if (gum) navigator.mediaDevices.getUserMedia = (c) => { const p = gum(c); p.then(() => note('gum')); return p }
  const PC = window.RTCPeerConnection
  let n = 0
  class TimedPeerConnection extends PC {
    constructor(...args) {
      super(...args)
      const id = ++n
      const role = () => (this.getTransceivers().some((t) => t.direction === 'sendonly' || t.direction === 'sendrecv') ? 'pub' : 'sub')
      note('pc-new', { pc: id })
      this.addEventListener('iceconnectionstatechange', () => {
        if (this.iceConnectionState === 'connected') note('ice', { pc: `${role()}${id}` })
      })
      this.addEventListener('connectionstatechange', () => {
        if (this.connectionState === 'connected') note('dtls', { pc: `${role()}${id}` })
      })
      // A received video track's first packets (Janus forwards from a keyframe on).
      this.addEventListener('track', (e) => {
        if (e.track.kind === 'video') e.track.addEventListener('unmute', () => note('unmute', { pc: `${role()}${id}` }), { once: true })
      })
    }
  }
  window.RTCPeerConnection = TimedPeerConnection
}

/** "→join@258 ←joined@314 …" relative to `since`. */
function describeSfu(log, since) {
  const rel = (m) => `${m.dir === 'in' ? '←' : '→'}${m.type.slice(4)}${m.offerId !== undefined ? `#${m.offerId}` : ''}${m.streams !== undefined ? `(${m.streams})` : ''}@${m.at - since}`
  return log.map(rel).join(' ')
}

async function joinTimeline(person, since) {
  const log = await person.page.evaluate(() => window.__joinTimeline ?? [])
  return log.filter((m) => m.at >= since).map((m) => `${m.what}${m.pc ? `(${m.pc})` : ''}@${m.at - since}`).join(' ')
}

// --------------------------------------------------------------------------------- CPU

const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100

/** Every process' [ppid, ticks] (utime+stime+cutime+cstime). */
function processTable() {
  const table = new Map()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      // fields[0] = state (3rd field of stat), so field n of stat is fields[n - 3]
      const ticks = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])
      table.set(Number(entry), { ppid: Number(fields[1]), ticks })
    } catch {
      /* gone */
    }
  }
  return table
}

/** What a Chromium process is: renderer, gpu, network, audio, other utility, browser. */
function processKind(pid) {
  let cmd = ''
  try {
    cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ')
  } catch {
    return 'gone'
  }
  const type = /--type=([\w-]+)/.exec(cmd)?.[1]
  if (!type) return /chrom/.test(cmd) ? 'browser' : 'other'
  if (type === 'utility') return /--utility-sub-type=([\w.]+)/.exec(cmd)?.[1]?.replace(/\.mojom\./, ':').split(':')[0] ?? 'utility'
  return type
}

/**
 * CPU ticks of every descendant of `root`, in total and per process kind; with `withRoot`, of
 * root itself too (a browser's main process; not this Node process).
 */
function treeTicks(root, table = processTable(), withRoot = false) {
  const children = new Map()
  for (const [pid, p] of table) {
    if (!children.has(p.ppid)) children.set(p.ppid, [])
    children.get(p.ppid).push(pid)
  }
  let ticks = 0
  let count = 0
  const byPid = new Map()
  const stack = [...(withRoot && table.has(root) ? [root] : children.get(root) ?? [])]
  while (stack.length) {
    const pid = stack.pop()
    ticks += table.get(pid).ticks
    byPid.set(pid, table.get(pid).ticks)
    count++
    stack.push(...(children.get(pid) ?? []))
  }
  return { ticks, count, byPid }
}

const POLICIES = { 0: 'normal', 1: 'fifo', 2: 'rr', 3: 'batch', 5: 'idle' }

/** Ticks (utime+stime) of every thread of `pids`: Map "pid/tid" → {kind, name, ticks, policy (scheduling)}. */
function threadTicks(pids) {
  const threads = new Map()
  for (const pid of pids) {
    const kind = processKind(pid)
    let tids = []
    try {
      tids = readdirSync(`/proc/${pid}/task`)
    } catch {
      continue
    }
    for (const tid of tids) {
      try {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8')
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replace(/[0-9]+$/, '#')
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
        // fields[n - 3] is field n of stat: 14 utime, 15 stime, 41 policy
        threads.set(`${pid}/${tid}`, { kind, name, ticks: Number(fields[11]) + Number(fields[12]), policy: POLICIES[fields[38]] ?? '?' })
      } catch {
        /* gone */
      }
    }
  }
  return threads
}

/** The busiest thread kinds between two threadTicks: "renderer:Compositor 0.21 (6), …" (cores, threads). */
function perThread(a, b, wall, top = 14) {
  const groups = new Map()
  for (const [key, t] of b) {
    const g = groups.get(`${t.kind}:${t.name}`) ?? { ticks: 0, n: 0 }
    g.ticks += t.ticks - (a.get(key)?.ticks ?? 0)
    g.n++
    groups.set(`${t.kind}:${t.name}`, g)
  }
  return [...groups].sort((x, y) => y[1].ticks - x[1].ticks).slice(0, top)
    .map(([name, g]) => `${name} ${(g.ticks / CLK_TCK / wall).toFixed(2)} (${g.n})`).join(', ')
}

/** CPU per process kind between two treeTicks (cores), e.g. "renderer 1.20 (6) gpu-process 0.20 (1)". */
function perKind(a, b, wall) {
  const kinds = new Map()
  for (const [pid, ticks] of b.byPid) {
    const kind = processKind(pid)
    const k = kinds.get(kind) ?? { ticks: 0, n: 0 }
    k.ticks += ticks - (a.byPid.get(pid) ?? 0)
    k.n++
    kinds.set(kind, k)
  }
  return [...kinds].sort((x, y) => y[1].ticks - x[1].ticks)
    .map(([kind, k]) => `${kind} ${(k.ticks / CLK_TCK / wall).toFixed(2)} (${k.n})`).join(', ')
}

/** The main process of the browser launched with `--convene-browser=<name>` (browser.mjs). */
function browserPid(name) {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0')
      if (args.includes(`--convene-browser=${name}`) && !args.some((a) => a.startsWith('--type='))) return Number(entry)
    } catch {
      /* gone */
    }
  }
  throw new Error(`no browser process marked --convene-browser=${name}`)
}

/** The scheduling policies of threads (threadTicks), e.g. "idle 140, rr 4": a check that a browser runs as asked. */
function policiesOf(threads) {
  const counts = new Map()
  for (const t of threads.values()) counts.set(t.policy, (counts.get(t.policy) ?? 0) + 1)
  return [...counts].sort((a, b) => b[1] - a[1]).map(([policy, n]) => `${policy} ${n}`).join(', ')
}

function janusPids() {
  const pids = []
  for (const i of [0, 1]) {
    try {
      pids.push(Number(readFileSync(join(REPO_ROOT, `.convene/e2e/janus-${i}.pid`), 'utf8').trim()))
    } catch {
      /* none */
    }
  }
  return pids.filter((p) => Number.isInteger(p) && p > 0)
}

/**
 * Frames decoded (all inbound video) and encoded (all outbound video) so far, over every page;
 * `byRid`: encoded per simulcast layer of the SFU camera (rid h/m/l; the mesh has none).
 */
async function frameTotals(people) {
  const totals = await Promise.all(people.map((p) => p.page.evaluate(async () => {
    let decoded = 0
    let encoded = 0
    let audioSent = 0
    let audioReceived = 0
    const byRid = { h: 0, m: 0, l: 0 }
    const sizes = {}
    const size = (dir, s) => {
      const key = `${dir}${s.frameWidth ?? 0}x${s.frameHeight ?? 0}`
      sizes[key] = (sizes[key] ?? 0) + 1
    }
    for (const pc of window.__pcs ?? []) {
      if (pc.connectionState === 'closed' || pc.signalingState === 'closed') continue
      const report = await pc.getStats()
      report.forEach((s) => {
        if (s.type === 'inbound-rtp' && s.kind === 'video') { decoded += s.framesDecoded ?? 0; size('in', s) }
        if (s.type === 'inbound-rtp' && s.kind === 'audio') audioReceived += s.packetsReceived ?? 0
        if (s.type === 'outbound-rtp' && s.kind === 'audio') audioSent += s.packetsSent ?? 0
        if (s.type === 'outbound-rtp' && s.kind === 'video') {
          encoded += s.framesEncoded ?? 0
          size('out', s)
          if (s.rid in byRid) byRid[s.rid] += s.framesEncoded ?? 0
        }
      })
    }
    return { decoded, encoded, audioSent, audioReceived, byRid, sizes }
  })))
  const sizes = {}
  const byRid = { h: 0, m: 0, l: 0 }
  for (const t of totals) {
    for (const [k, v] of Object.entries(t.sizes)) sizes[k] = (sizes[k] ?? 0) + v
    for (const rid of Object.keys(byRid)) byRid[rid] += t.byRid[rid]
  }
  const sum = (key) => totals.reduce((n, t) => n + t[key], 0)
  return { decoded: sum('decoded'), encoded: sum('encoded'), audioSent: sum('audioSent'), audioReceived: sum('audioReceived'), byRid, sizes }
}

/** Cores of the renderer threads that run the video codecs ("ThreadPoolPrese…", Linux's 15-character comm). */
function codecCores(a, b, wall) {
  let ticks = 0
  for (const [key, t] of b) if (t.kind === 'renderer' && t.name.startsWith('ThreadPoolPrese')) ticks += t.ticks - (a.get(key)?.ticks ?? 0)
  return ticks / CLK_TCK / wall
}

/**
 * Chromium (and Janus) CPU over `seconds`, in cores (CPU seconds per second), and the video
 * frames the six pages decoded and encoded meanwhile: on a saturated machine both setups get
 * about the same CPU share, so CPU per decoded frame is the figure that compares them.
 */
async function measureCpu(seconds, people, { browser } = {}) {
  const janus = janusPids()
  const janusTicks = (table) => janus.reduce((n, pid) => n + (table.get(pid)?.ticks ?? 0), 0)
  // Every Chromium below this Node process, or the one browser's tree (its main process too).
  const tree = browser ? (table) => treeTicks(browserPid(browser), table, true) : (table) => treeTicks(process.pid, table)
  const f1 = await frameTotals(people)
  const t1 = processTable()
  const a = tree(t1)
  const ja = janusTicks(t1)
  const th1 = threadTicks([...a.byPid.keys()])
  const started = Date.now()
  const l0 = load()
  await sleep(seconds * 1000)
  const t2 = processTable()
  const b = tree(t2)
  const jb = janusTicks(t2)
  const th2 = threadTicks([...b.byPid.keys()])
  const wall = (Date.now() - started) / 1000
  const f2 = await frameTotals(people)
  const decoded = f2.decoded - f1.decoded
  const encoded = f2.encoded - f1.encoded
  const chromium = (b.ticks - a.ticks) / CLK_TCK / wall
  return {
    chromium,
    janus: (jb - ja) / CLK_TCK / wall,
    processes: b.count,
    wall,
    decodedFps: decoded / wall,
    encodedFps: encoded / wall,
    // Opus packets/s sent and received, all six pages (DTX: silence sends ~2.5 packets/s, not 50)
    audioSentPps: (f2.audioSent - f1.audioSent) / wall,
    audioReceivedPps: (f2.audioReceived - f1.audioReceived) / wall,
    // encoded frames/s per simulcast layer of the SFU cameras (all six pages)
    encodedByRid: Object.fromEntries(Object.keys(f2.byRid).map((rid) => [rid, (f2.byRid[rid] - f1.byRid[rid]) / wall])),
    codec: codecCores(th1, th2, wall),
    // Chromium CPU ms per decoded remote frame (all six pages)
    msPerFrame: decoded > 0 ? (chromium * 1000) / (decoded / wall) : NaN,
    kinds: perKind(a, b, wall),
    threads: perThread(th1, th2, wall),
    // how many streams of each size (in = decoded, out = encoded layers) over all pages at the end
    sizes: Object.entries(f2.sizes).sort().map(([k, v]) => `${v}×${k}`).join(' '),
    policies: policiesOf(th2),
    load: `${l0} → ${load()}`,
  }
}

// ------------------------------------------------------------------------------- parts

/** @param {import('./lib/harness.mjs').Scenario} t */
async function joinLatency(t) {
  const alice = await t.person('alice', { viewport: SMALL })
  const room = await t.step('SFU room with alice publishing', async () => {
    await signUpViaApi(alice, newAccount('Alice'))
    const r = await createRoomViaApi(alice, { name: 'Bench join', mediaMode: 'SFU' })
    await joinMeeting(alice, { link: r.link })
    return r
  })
  const times = []
  const seenTimes = []
  for (let i = 1; i <= JOINS; i++) {
    const guest = await t.person(`guest${i}`, { viewport: SMALL })
    await guest.context.addInitScript(RECORD_JOIN_TIMELINE)
    await readyToJoin(guest, room.link, `Guest ${i}`)
    await watchFrames(alice) // alice's tiles from now on: when does she see the guest?
    const clickedAt = await clickJoinAndWatch(guest)
    const ms = await firstFrameAfter(guest, clickedAt, `guest${i} shows a frame of alice`)
    times.push(ms)
    // Alice receives the guest on her running subscription (an update, not a new connection).
    const seenMs = await firstFrameAfter(alice, clickedAt, `alice shows a frame of guest${i}`)
    seenTimes.push(seenMs)
    t.log(`  join ${i}: first remote frame ${ms} ms after the click, alice sees the guest ${seenMs} ms after it (load ${load()})`)
    t.log(`    ${await joinTimeline(guest, clickedAt)} | ${describeSfu(await sfuLog(guest, clickedAt), clickedAt)}`)
    await leave(guest)
    await sleep(1_000)
  }
  await leave(alice)
  bench(`join→first-remote-frame SFU: p50 ${pct(times, 50)} ms, p90 ${pct(times, 90)} ms, min ${Math.min(...times)}, max ${Math.max(...times)} over ${times.length} joins (${times.join(' ')})`)
  bench(`join→seen-by-others SFU (alice's first frame of the joiner): p50 ${pct(seenTimes, 50)} ms, p90 ${pct(seenTimes, 90)} ms, min ${Math.min(...seenTimes)}, max ${Math.max(...seenTimes)} over ${seenTimes.length} joins (${seenTimes.join(' ')})`)
}

/**
 * Six people join; all 30 streams flowing; the CPU over a window. With `ownBrowser` the first of
 * them (the host) has a browser of its own and the other five share one under SCHED_IDLE: they
 * stand in for the other five computers and take only the CPU the host's browser (and the
 * server) leave, so the host's browser spends what it would on a machine of its own.
 *
 * @param {import('./lib/harness.mjs').Scenario} t
 */
async function sixParty(t, mode, { ownBrowser = false } = {}) {
  const label = mode === 'SFU' ? 'SFU' : 'mesh'
  const people = []
  for (let i = 1; i <= 6; i++) {
    const where = !ownBrowser ? {} : i === 1 ? { browser: OWN_BROWSER } : { browser: OTHERS_BROWSER, idle: true }
    people.push(await t.person(`${ownBrowser ? 'own-' : ''}${label.toLowerCase()}${i}`, { viewport: SMALL, ...where }))
  }
  for (const p of people) await p.context.addInitScript(RECORD_JOIN_TIMELINE)
  const host = people[0]
  const room = await t.step(`${label}: room (mediaMode ${mode}); six people ready to join`, async () => {
    await signUpViaApi(host, newAccount('Host'))
    const r = await createRoomViaApi(host, { name: `Bench six ${label}`, mediaMode: mode })
    await readyToJoin(host, r.link)
    for (const p of people.slice(1)) await readyToJoin(p, r.link, p.name)
    return r
  })
  t.log(`  room ${room.slug}`)
  // One after the other, JOIN_SPACING_MS apart (400 ms by default, so figures compare with the
  // first runs). This spacing used to hide a presence race (two simultaneous joiners could each
  // miss the other in their welcome; fixed in SessionService), so --join-spacing 0 works too.
  const clicks = []
  for (const p of people) {
    clicks.push(await clickJoinAndWatch(p))
    await sleep(JOIN_SPACING_MS)
  }
  const lastClick = Math.max(...clicks)
  const firstClick = Math.min(...clicks)
  let all
  let last = []
  await t.step(`${label}: every page shows a frame on all 5 remote tiles`, async () => {
    all = await eventually(`${label}: all 30 streams shown`, async () => {
      last = await Promise.all(people.map(firstFrames))
      return last.every((x) => Object.keys(x).length >= 5) ? last : null
    }, { timeoutMs: 60_000, intervalMs: 200, describe: () => `remote tiles with a frame per page: ${last.map((x) => Object.keys(x).length).join(' ')}` })
  })
  const done = Math.max(...all.flatMap((x) => Object.values(x)))
  const perPage = all.map((x) => Math.max(...Object.values(x)) - lastClick)
  const flowingMs = done - lastClick
  t.log(`  last click at ${new Date(lastClick).toISOString()} (to line up with the Janus and service logs)`)
  bench(`six-party ${label}: all 30 streams flowing ${flowingMs} ms after the last click (${done - firstClick} ms after the first; clicks spread ${lastClick - firstClick} ms); per page ${perPage.join(' ')} ms; load ${load()}`)
  if (mode === 'SFU') {
    // Where the time goes: per page, its sfu.* exchange relative to its own click.
    for (let i = 0; i < people.length; i++) {
      const log = await sfuLog(people[i], clicks[i])
      const frames = Object.values(all[i]).map((x) => x - clicks[i]).sort((a, b) => a - b)
      t.log(`  ${people[i].name}: ${await joinTimeline(people[i], clicks[i])}`)
      t.log(`  ${' '.repeat(people[i].name.length)}  ${describeSfu(log, clicks[i])} | frames @${frames.join(',')}`)
    }
  } else {
    for (let i = 0; i < people.length; i++) {
      const frames = Object.values(all[i]).map((x) => x - clicks[i]).sort((a, b) => a - b)
      t.log(`  ${people[i].name}: ${await joinTimeline(people[i], clicks[i])} | frames @${frames.join(',')}`)
    }
  }
  await Promise.all(people.map((p) => p.page.evaluate(() => window.__stopWatch?.())))
  await sleep(3_000) // past the start-up burst
  const cpu = ownBrowser ? await ownBrowserCpu(t, label, people) : await everyPageCpu(t, label, mode, people)
  for (const p of people) await leave(p)
  await sleep(2_000)
  return { ...cpu, flowingMs }
}

/** The `six` part's CPU figures: every page's Chromium (and Janus) over the window. */
async function everyPageCpu(t, label, mode, people) {
  const cpu = await measureCpu(CPU_WINDOW_S, people)
  bench(`cpu six-party ${label}: Chromium ${cpu.chromium.toFixed(2)} cores (${cpu.processes} processes)` +
    `${mode === 'SFU' ? `, Janus ${cpu.janus.toFixed(2)} cores` : ''} over ${cpu.wall.toFixed(1)} s; ` +
    `decoded ${cpu.decodedFps.toFixed(0)} frames/s (of 30 streams), encoded ${cpu.encodedFps.toFixed(0)} frames/s; ` +
    `audio packets/s sent ${cpu.audioSentPps.toFixed(0)} received ${cpu.audioReceivedPps.toFixed(0)}; ` +
    `${cpu.msPerFrame.toFixed(2)} ms Chromium CPU per decoded frame; codec threads ${cpu.codec.toFixed(2)} cores; ` +
    `${mode === 'SFU' ? `encoded frames/s by layer h ${cpu.encodedByRid.h.toFixed(0)} m ${cpu.encodedByRid.m.toFixed(0)} l ${cpu.encodedByRid.l.toFixed(0)}; ` : ''}` +
    `streams ${cpu.sizes}; load ${cpu.load}`)
  t.log(`  cpu by process kind (cores, processes): ${cpu.kinds}`)
  // Thread names are Linux's 15-character comm: renderer "chromium" is the main thread (our JS),
  // "ThreadPoolPrese…" the codec work, "WebRTC_W_and_N" the transport.
  t.log(`  cpu by thread (kind:thread cores (threads)): ${cpu.threads}`)
  return cpu
}

const OWN_BROWSER = 'own'
const OTHERS_BROWSER = 'others'

/** The `own` part's CPU figures: the host's own browser, and the other five's for context. */
async function ownBrowserCpu(t, label, people) {
  const [own, others] = await Promise.all([
    measureCpu(CPU_WINDOW_S, people.slice(0, 1), { browser: OWN_BROWSER }),
    measureCpu(CPU_WINDOW_S, people.slice(1), { browser: OTHERS_BROWSER }),
  ])
  bench(`cpu one participant's own browser, six-party ${label}: ${own.chromium.toFixed(2)} cores (${own.processes} processes; threads ${own.policies}) over ${own.wall.toFixed(1)} s; ` +
    `decoded ${own.decodedFps.toFixed(0)} frames/s (of 5 streams), encoded ${own.encodedFps.toFixed(0)} frames/s; codec threads ${own.codec.toFixed(2)} cores; ` +
    `streams ${own.sizes}; the other five's browser ${others.chromium.toFixed(2)} cores (threads ${others.policies}), decoding ${others.decodedFps.toFixed(0)} frames/s; ` +
    `Janus ${own.janus.toFixed(2)} cores; load ${own.load}`)
  t.log(`  own browser by process kind (cores, processes): ${own.kinds}`)
  t.log(`  own browser by thread (kind:thread cores (threads)): ${own.threads}`)
  return own
}

const camera = CAMERA ? { width: Number(CAMERA[1]), height: Number(CAMERA[2]), fps: Number(CAMERA[3] ?? 20) } : undefined
await runScenario('bench-media', { timeoutMs: 30 * 60_000, camera }, async (t) => {
  const steal0 = stealTicks()
  t.log(`box speed (fixed loop): ${noteBoxSpeed('start').toFixed(0)} ms`)
  t.log(`parts: ${PARTS.join(', ')}; camera ${camera?.width}x${camera?.height} at ${camera?.fps} fps; joins ${JOINS}; CPU window ${CPU_WINDOW_S} s; ${CLK_TCK} ticks/s; load ${load()}`)
  if (PARTS.includes('join')) {
    await joinLatency(t)
    noteBoxSpeed('after join')
  }
  if (PARTS.includes('six') || PARTS.includes('six-sfu')) {
    const withMesh = PARTS.includes('six')
    const rounds = []
    for (let round = 1; round <= ROUNDS; round++) {
      if (ROUNDS > 1) t.log(`six-party round ${round} of ${ROUNDS}`)
      const sfu = await sixParty(t, 'SFU')
      if (!withMesh) {
        rounds.push({ sfu })
        continue
      }
      const mesh = await sixParty(t, 'P2P')
      rounds.push({ sfu, mesh })
      bench(`cpu ratio six-party SFU/mesh: Chromium cores ${(sfu.chromium / mesh.chromium).toFixed(2)}, (Chromium+Janus) ${((sfu.chromium + sfu.janus) / mesh.chromium).toFixed(2)}; ` +
        `per decoded frame ${(sfu.msPerFrame / mesh.msPerFrame).toFixed(2)} (SFU ${sfu.msPerFrame.toFixed(2)} ms, mesh ${mesh.msPerFrame.toFixed(2)} ms); ` +
        `frames decoded SFU ${sfu.decodedFps.toFixed(0)}/s vs mesh ${mesh.decodedFps.toFixed(0)}/s`)
    }
    noteBoxSpeed('after six')
    if (ROUNDS > 1 && !withMesh) bench(`six-party SFU over ${ROUNDS} rounds: all flowing ms ${spread(rounds.map((r) => r.sfu.flowingMs))}`)
    else if (ROUNDS > 1) {
      bench(`six-party over ${ROUNDS} rounds: SFU all flowing ms ${spread(rounds.map((r) => r.sfu.flowingMs))}; ` +
        `mesh ms ${spread(rounds.map((r) => r.mesh.flowingMs))}; SFU Chromium cores ${spread(rounds.map((r) => r.sfu.chromium), 2)}; ` +
        `mesh cores ${spread(rounds.map((r) => r.mesh.chromium), 2)}; SFU/mesh cores ${spread(rounds.map((r) => r.sfu.chromium / r.mesh.chromium), 2)}`)
    }
  }
  if (PARTS.includes('own')) {
    const rounds = []
    for (let round = 1; round <= ROUNDS; round++) {
      // Alternate which mode goes first: a box that slows down over minutes favours neither.
      const order = round % 2 ? ['SFU', 'P2P'] : ['P2P', 'SFU']
      t.log(`own-browser round ${round} of ${ROUNDS}: ${order.join(' then ')}`)
      const r = {}
      for (const mode of order) r[mode] = await sixParty(t, mode, { ownBrowser: true })
      rounds.push(r)
      bench(`cpu ratio one participant's own browser, six-party SFU/mesh: ${(r.SFU.chromium / r.P2P.chromium).toFixed(2)} ` +
        `(SFU ${r.SFU.chromium.toFixed(2)} cores decoding ${r.SFU.decodedFps.toFixed(0)} frames/s, mesh ${r.P2P.chromium.toFixed(2)} cores decoding ${r.P2P.decodedFps.toFixed(0)} frames/s)`)
    }
    noteBoxSpeed('after own')
    if (ROUNDS > 1) {
      bench(`own browser over ${ROUNDS} rounds: SFU cores ${spread(rounds.map((r) => r.SFU.chromium), 2)}; mesh cores ${spread(rounds.map((r) => r.P2P.chromium), 2)}; ` +
        `SFU/mesh ${spread(rounds.map((r) => r.SFU.chromium / r.P2P.chromium), 2)}`)
    }
  }
  if (PARTS.includes('switch')) {
    await autoSwitch.run(t, { maxGapMs: Infinity, gapSampleMs: 100 }) // printed, not asserted
    for (const line of autoSwitch.summaries) bench(`${line}; load ${load()}`)
  }
  noteBoxSpeed('end')
  bench(`box speed (ms for a fixed loop; lower is faster, compare runs only at similar readings): ${speedReadings.join(', ')}; ` +
    `CPU steal during the run ${((stealTicks() - steal0) / CLK_TCK).toFixed(1)} s`)
  t.log(`load average at the end: ${load()}`)
  console.log('\n' + results.map((r) => `BENCH ${r}`).join('\n'))
}).catch((err) => {
  if (!(err instanceof CheckFailed)) console.error(err)
  process.exit(1)
})
