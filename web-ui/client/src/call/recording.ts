import { computeGridLayout, tilePosition } from './layout'
import { initials } from './names'

/**
 * Local recording of the meeting as the user sees it: every tile's video is drawn into a
 * canvas grid (with names), every audio track is mixed with WebAudio, and MediaRecorder
 * encodes both into one WebM file that stays in the browser until downloaded.
 */

export interface RecordedTile {
  id: string
  name: string
  video: MediaStreamTrack | null
  /** Our own camera is shown mirrored; recorded the same way. */
  mirrored: boolean
}

export interface RecordingSources {
  /** Called for every frame: the tiles to draw now. */
  tiles(): RecordedTile[]
  /** Called for every frame: the audio tracks to mix now. */
  audio(): MediaStreamTrack[]
}

const PREFERRED_TYPES = ['video/webm;codecs=vp8,opus', 'video/webm;codecs=vp9,opus', 'video/webm', 'video/mp4']

/** The first container/codec pair this browser can record (VP8+Opus WebM where possible). */
export function pickRecordingMimeType(isTypeSupported: (type: string) => boolean): string | null {
  return PREFERRED_TYPES.find((type) => isTypeSupported(type)) ?? null
}

export function isRecordingSupported(): boolean {
  return (
    typeof MediaRecorder !== 'undefined' &&
    typeof HTMLCanvasElement !== 'undefined' &&
    'captureStream' in HTMLCanvasElement.prototype &&
    pickRecordingMimeType((t) => MediaRecorder.isTypeSupported(t)) !== null
  )
}

/** "convene-abc-defg-hij-2026-11-21-1532.webm" */
export function recordingFileName(slug: string, startedAt: Date, mimeType: string): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  const d = startedAt
  const stamp = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}-${pad(d.getHours())}${pad(d.getMinutes())}`
  return `convene-${slug}-${stamp}.${mimeType.startsWith('video/mp4') ? 'mp4' : 'webm'}`
}

const WIDTH = 1280
const HEIGHT = 720
const FPS = 25
const GAP = 8

export class GridRecorder {
  readonly mimeType: string
  private readonly canvas = document.createElement('canvas')
  private readonly context2d: CanvasRenderingContext2D
  private readonly audioContext = new AudioContext()
  private readonly mix = this.audioContext.createMediaStreamDestination()
  /** A hidden <video> per recorded video track: drawImage needs an element. */
  private readonly players = new Map<string, HTMLVideoElement>()
  private readonly audioInputs = new Map<string, MediaStreamAudioSourceNode>()
  private readonly recorder: MediaRecorder
  private readonly chunks: Blob[] = []
  private timer: ReturnType<typeof setInterval> | null = null

  constructor(private readonly sources: RecordingSources) {
    const mimeType = pickRecordingMimeType((t) => MediaRecorder.isTypeSupported(t))
    if (!mimeType) throw new Error('recording is not supported')
    this.mimeType = mimeType
    this.canvas.width = WIDTH
    this.canvas.height = HEIGHT
    this.context2d = this.canvas.getContext('2d')!
    const stream = new MediaStream([...this.canvas.captureStream(FPS).getVideoTracks(), ...this.mix.stream.getAudioTracks()])
    this.recorder = new MediaRecorder(stream, { mimeType, videoBitsPerSecond: 2_500_000 })
    this.recorder.ondataavailable = (event) => {
      if (event.data.size > 0) this.chunks.push(event.data)
    }
  }

  start(): void {
    this.frame()
    // A timer rather than requestAnimationFrame: it keeps running (at least 1/s) in a background tab.
    this.timer = setInterval(() => this.frame(), 1000 / FPS)
    // Hand over data every second rather than in one piece at the end, so memory use
    // grows steadily and stop() is quick.
    this.recorder.start(1000)
  }

  /** Stops and returns the file. */
  stop(): Promise<Blob> {
    return new Promise((resolve) => {
      this.recorder.onstop = () => {
        this.release()
        resolve(new Blob(this.chunks, { type: this.mimeType }))
      }
      if (this.timer) clearInterval(this.timer)
      this.timer = null
      if (this.recorder.state === 'inactive') this.recorder.onstop(new Event('stop'))
      else this.recorder.stop()
    })
  }

  private frame(): void {
    this.syncAudio(this.sources.audio())
    const tiles = this.sources.tiles()
    this.syncPlayers(tiles)
    const ctx = this.context2d
    ctx.fillStyle = '#111418'
    ctx.fillRect(0, 0, WIDTH, HEIGHT)
    const layout = computeGridLayout(tiles.length, WIDTH, HEIGHT, { gap: GAP })
    tiles.forEach((tile, index) => {
      const { x, y } = tilePosition(layout, index, tiles.length, WIDTH, HEIGHT, GAP)
      this.drawTile(tile, x, y, layout.tileWidth, layout.tileHeight)
    })
  }

  private drawTile(tile: RecordedTile, x: number, y: number, w: number, h: number): void {
    const ctx = this.context2d
    ctx.fillStyle = '#232830'
    ctx.fillRect(x, y, w, h)
    const player = tile.video ? this.players.get(tile.video.id) : undefined
    if (player && player.videoWidth > 0 && tile.video?.readyState === 'live' && !tile.video.muted) {
      // Fit the whole picture (screens must not be cropped), centred.
      const scale = Math.min(w / player.videoWidth, h / player.videoHeight)
      const dw = player.videoWidth * scale
      const dh = player.videoHeight * scale
      const dx = x + (w - dw) / 2
      const dy = y + (h - dh) / 2
      ctx.save()
      if (tile.mirrored) {
        ctx.translate(dx + dw, dy)
        ctx.scale(-1, 1)
        ctx.drawImage(player, 0, 0, dw, dh)
      } else {
        ctx.drawImage(player, dx, dy, dw, dh)
      }
      ctx.restore()
    } else {
      ctx.fillStyle = '#e8ebef'
      ctx.font = `600 ${Math.max(16, Math.round(h / 5))}px system-ui, sans-serif`
      ctx.textAlign = 'center'
      ctx.textBaseline = 'middle'
      ctx.fillText(initials(tile.name), x + w / 2, y + h / 2)
    }
    const fontSize = Math.max(12, Math.round(h / 16))
    ctx.font = `500 ${fontSize}px system-ui, sans-serif`
    ctx.textAlign = 'left'
    ctx.textBaseline = 'bottom'
    const label = tile.name
    const labelWidth = Math.min(ctx.measureText(label).width + fontSize, w - 8)
    ctx.fillStyle = 'rgb(0 0 0 / 0.6)'
    ctx.fillRect(x + 4, y + h - fontSize * 1.6 - 4, labelWidth, fontSize * 1.6)
    ctx.fillStyle = '#ffffff'
    ctx.fillText(label, x + 4 + fontSize / 2, y + h - 4 - fontSize * 0.3, w - 8 - fontSize)
  }

  private syncPlayers(tiles: RecordedTile[]): void {
    const wanted = new Set(tiles.flatMap((t) => (t.video ? [t.video.id] : [])))
    for (const [id, player] of this.players) {
      if (!wanted.has(id)) {
        player.srcObject = null
        this.players.delete(id)
      }
    }
    for (const tile of tiles) {
      if (!tile.video || this.players.has(tile.video.id)) continue
      const player = document.createElement('video')
      player.muted = true
      player.playsInline = true
      player.srcObject = new MediaStream([tile.video])
      void player.play().catch(() => {})
      this.players.set(tile.video.id, player)
    }
  }

  private syncAudio(tracks: MediaStreamTrack[]): void {
    const wanted = new Map(tracks.filter((t) => t.readyState === 'live').map((t) => [t.id, t]))
    for (const [id, node] of this.audioInputs) {
      if (!wanted.has(id)) {
        node.disconnect()
        this.audioInputs.delete(id)
      }
    }
    for (const [id, track] of wanted) {
      if (this.audioInputs.has(id)) continue
      const node = this.audioContext.createMediaStreamSource(new MediaStream([track]))
      node.connect(this.mix)
      this.audioInputs.set(id, node)
    }
  }

  private release(): void {
    for (const player of this.players.values()) player.srcObject = null
    this.players.clear()
    for (const node of this.audioInputs.values()) node.disconnect()
    this.audioInputs.clear()
    this.recorder.stream.getTracks().forEach((t) => t.stop())
    void this.audioContext.close()
  }
}
