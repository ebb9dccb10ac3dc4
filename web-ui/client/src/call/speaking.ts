/**
 * Turns the microphone level (~15 samples a second, 0…1) into "speaking" with hysteresis,
 * so a cough does not count and a pause between words does not end it, and reports
 * changes at most every `minReportIntervalMs` (they become `speaking` messages that every
 * participant receives).
 */
export interface SpeakingOptions {
  startLevel?: number
  stopLevel?: number
  /** Level at or above `startLevel` for this long starts speaking. */
  startAfterMs?: number
  /** Level below `stopLevel` for this long ends it. */
  stopAfterMs?: number
  minReportIntervalMs?: number
}

export class SpeakingDetector {
  private speaking = false
  private aboveSince: number | null = null
  private belowSince: number | null = null
  private reported = false
  private lastReportAt = -Infinity
  private lastLevel = 0
  private readonly startLevel: number
  private readonly stopLevel: number
  private readonly startAfterMs: number
  private readonly stopAfterMs: number
  private readonly minReportIntervalMs: number

  constructor(
    private readonly report: (speaking: boolean, level: number) => void,
    options: SpeakingOptions = {},
  ) {
    this.startLevel = options.startLevel ?? 0.12
    this.stopLevel = options.stopLevel ?? 0.06
    this.startAfterMs = options.startAfterMs ?? 150
    this.stopAfterMs = options.stopAfterMs ?? 800
    this.minReportIntervalMs = options.minReportIntervalMs ?? 500
  }

  get isSpeaking(): boolean {
    return this.speaking
  }

  sample(level: number, now: number): void {
    this.lastLevel = level
    if (level >= this.startLevel) {
      this.aboveSince ??= now
      this.belowSince = null
      if (!this.speaking && now - this.aboveSince >= this.startAfterMs) this.speaking = true
    } else if (level < this.stopLevel) {
      this.belowSince ??= now
      this.aboveSince = null
      if (this.speaking && now - this.belowSince >= this.stopAfterMs) this.speaking = false
    } else {
      // In between: keep the current state.
      this.aboveSince = null
      this.belowSince = null
    }
    this.flush(now)
  }

  /** Muted or no microphone: not speaking, reported as soon as the rate limit allows. */
  silence(now: number): void {
    this.speaking = false
    this.aboveSince = null
    this.belowSince = null
    this.lastLevel = 0
    this.flush(now)
  }

  /**
   * Reports a change that was held back by the rate limit. Called by every sample;
   * call it from a timer too when samples stop (e.g. after `silence`).
   */
  flush(now: number): void {
    if (this.speaking === this.reported || now - this.lastReportAt < this.minReportIntervalMs) return
    this.reported = this.speaking
    this.lastReportAt = now
    this.report(this.speaking, Math.round(this.lastLevel * 100) / 100)
  }
}

/**
 * Picks the active speaker for the speaker view: the one who started speaking most
 * recently, but a current speaker is never interrupted, and after they stop they keep the
 * stage for `holdMs` (so the view does not flap between two people in a dialogue).
 * When nobody speaks, the last active speaker stays.
 */
export class ActiveSpeakerTracker {
  private readonly speakingSince = new Map<string, number>()
  private active: string | null = null
  private activeStoppedAt: number | null = null

  constructor(private readonly holdMs = 1500) {}

  update(id: string, speaking: boolean, now: number): string | null {
    if (speaking) {
      if (!this.speakingSince.has(id)) this.speakingSince.set(id, now)
      if (id === this.active) this.activeStoppedAt = null
    } else {
      this.speakingSince.delete(id)
      if (id === this.active) this.activeStoppedAt = now
    }
    return this.current(now)
  }

  remove(id: string, now: number): string | null {
    this.speakingSince.delete(id)
    if (id === this.active) {
      this.active = null
      this.activeStoppedAt = null
    }
    return this.current(now)
  }

  current(now: number): string | null {
    const activeSpeaking = this.active !== null && this.speakingSince.has(this.active)
    const holding = this.activeStoppedAt !== null && now - this.activeStoppedAt < this.holdMs
    if (activeSpeaking || holding) return this.active
    let latest: string | null = null
    let latestSince = -Infinity
    for (const [id, since] of this.speakingSince) {
      if (since > latestSince) {
        latest = id
        latestSince = since
      }
    }
    if (latest !== null) {
      this.active = latest
      this.activeStoppedAt = null
    }
    return this.active
  }
}
