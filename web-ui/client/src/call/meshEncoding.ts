/**
 * How hard each mesh link may push our video. In a mesh every other participant gets
 * their own encoding of our camera, so upload and CPU grow with the meeting: the more
 * peers, the lower the bitrate and resolution per link. Screens keep their resolution
 * (text must stay legible) and give up bitrate only.
 */
export interface VideoEncoding {
  maxBitrate: number
  /** Divide width and height by this before encoding (≥ 1). */
  scaleResolutionDownBy: number
}

interface Step {
  upToPeers: number
  cameraBitrate: number
  cameraMaxHeight: number
  screenBitrate: number
}

const STEPS: Step[] = [
  { upToPeers: 1, cameraBitrate: 2_500_000, cameraMaxHeight: 1080, screenBitrate: 2_500_000 },
  { upToPeers: 3, cameraBitrate: 1_000_000, cameraMaxHeight: 540, screenBitrate: 1_500_000 },
  { upToPeers: 6, cameraBitrate: 500_000, cameraMaxHeight: 360, screenBitrate: 800_000 },
  { upToPeers: Infinity, cameraBitrate: 300_000, cameraMaxHeight: 270, screenBitrate: 500_000 },
]

/**
 * @param peers how many links send this video
 * @param trackHeight the captured height (track.getSettings().height), if known
 * @param screen whether the track is a shared screen
 */
export function videoEncodingFor(peers: number, trackHeight: number | undefined, screen: boolean): VideoEncoding {
  const step = STEPS.find((s) => peers <= s.upToPeers)!
  if (screen) return { maxBitrate: step.screenBitrate, scaleResolutionDownBy: 1 }
  const scale = trackHeight && trackHeight > step.cameraMaxHeight ? trackHeight / step.cameraMaxHeight : 1
  return { maxBitrate: step.cameraBitrate, scaleResolutionDownBy: Math.round(scale * 100) / 100 }
}
