/**
 * Plays a short two-note chime on the chosen speaker, so people can check they hear the
 * meeting before they join. Output selection needs HTMLMediaElement.setSinkId (Chromium,
 * recent Firefox); elsewhere the default speaker plays it.
 */
export async function playTestSound(sinkId?: string): Promise<void> {
  const context = new AudioContext()
  const destination = context.createMediaStreamDestination()
  const audio = new Audio()
  audio.srcObject = destination.stream
  try {
    if (sinkId && supportsSpeakerSelection()) await audio.setSinkId(sinkId)
    await audio.play()
    const start = context.currentTime
    chime(context, destination, 660, start)
    chime(context, destination, 880, start + 0.25)
    await new Promise((resolve) => setTimeout(resolve, 900))
  } finally {
    audio.pause()
    audio.srcObject = null
    await context.close()
  }
}

function chime(context: AudioContext, destination: AudioNode, frequency: number, at: number): void {
  const oscillator = context.createOscillator()
  const gain = context.createGain()
  oscillator.frequency.value = frequency
  // A quick attack and a soft decay: a chime, not a beep.
  gain.gain.setValueAtTime(0, at)
  gain.gain.linearRampToValueAtTime(0.3, at + 0.02)
  gain.gain.exponentialRampToValueAtTime(0.001, at + 0.5)
  oscillator.connect(gain).connect(destination)
  oscillator.start(at)
  oscillator.stop(at + 0.55)
}

export function supportsSpeakerSelection(): boolean {
  return typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype
}
