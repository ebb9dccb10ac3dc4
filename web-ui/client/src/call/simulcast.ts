/**
 * What the SFU publisher sends. The camera goes up once, in three simulcast layers, and
 * Janus forwards to each receiver the layer that fits its tile (sfuLayers.ts); the screen
 * goes up once at full size (text must stay sharp, a scaled-down screen is useless).
 */

/**
 * Camera layers, highest first (rid h/m/l). Janus numbers them the other way round:
 * substream 2 = h (full size), 1 = m (half), 0 = l (quarter). Chromium sends as many as the
 * resolution allows (640×480: h and m; 1280×720: all three). Bitrates follow Janus' own
 * janus.js defaults scaled to Convene's 3 Mbit/s room cap.
 */
export const CAMERA_SIMULCAST_ENCODINGS: readonly RTCRtpEncodingParameters[] = [
  { rid: 'h', active: true, scaleResolutionDownBy: 1, maxBitrate: 1_200_000 },
  { rid: 'm', active: true, scaleResolutionDownBy: 2, maxBitrate: 350_000 },
  { rid: 'l', active: true, scaleResolutionDownBy: 4, maxBitrate: 120_000 },
]

/** The shared screen: one encoding, full resolution, more bits (details over motion). */
export const SCREEN_ENCODINGS: readonly RTCRtpEncodingParameters[] = [{ maxBitrate: 2_500_000 }]

/** Copies, because the browser keeps (and may change) what it is given. */
export function cameraEncodings(): RTCRtpEncodingParameters[] {
  return CAMERA_SIMULCAST_ENCODINGS.map((e) => ({ ...e }))
}

export function screenEncodings(): RTCRtpEncodingParameters[] {
  return SCREEN_ENCODINGS.map((e) => ({ ...e }))
}

/** A codec as RTCRtpSender/Receiver.getCapabilities lists it (only what we look at). */
export interface CodecCapability {
  mimeType: string
  clockRate: number
  channels?: number
  sdpFmtpLine?: string
}

/**
 * The codec list for setCodecPreferences: VP8 first (Convene's videorooms are VP8-only and
 * VP8 simulcast is the best supported), then its retransmission/FEC helpers, then the rest
 * unchanged. Null when VP8 is missing (leave the browser's default alone).
 */
export function preferVp8<T extends CodecCapability>(codecs: readonly T[]): T[] | null {
  const isVp8 = (c: T) => c.mimeType.toLowerCase() === 'video/vp8'
  if (!codecs.some(isVp8)) return null
  const isHelper = (c: T) => /^video\/(rtx|red|ulpfec|flexfec-03)$/i.test(c.mimeType)
  return [...codecs.filter(isVp8), ...codecs.filter(isHelper), ...codecs.filter((c) => !isVp8(c) && !isHelper(c))]
}
