// The fake camera: a generated 640×480 Y4M clip for --use-file-for-fake-video-capture.
//
// Chromium's built-in fake camera serves whatever size is asked for (the client asks for
// 720p, so it would be 1280×720 — the same as the fake screen from getDisplayMedia). A file
// camera has exactly one format, so the camera is always 640×480 and blue, while the fake
// screen stays 1280×720 and green: width and colour tell camera and screen apart at the far
// end. 10 frames at 20 fps (Chromium loops the file), a bright bar that moves so encoders
// have motion to send; ~4.6 MB in the OS temp folder, written once per machine.
import { existsSync, renameSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const CAMERA_WIDTH = 640
export const CAMERA_HEIGHT = 480
const FRAMES = 10

/**
 * Path of the Y4M file (created if missing). The default is the 640×480 camera every
 * scenario assumes; the many-person SFU/AUTO scenarios and the benchmark may ask for a
 * smaller one (less encoding work for Chromium on a 2-core machine), or a lower frame rate
 * (the benchmark's CPU comparison where neither mode saturates the machine).
 */
export function fakeCameraFile({ width = CAMERA_WIDTH, height = CAMERA_HEIGHT, fps = 20 } = {}) {
  const FILE = join(tmpdir(), `convene-e2e-camera-${width}x${height}${fps === 20 ? '' : `@${fps}`}-v1.y4m`)
  if (existsSync(FILE)) return FILE
  const W = width
  const H = height
  const parts = [Buffer.from(`YUV4MPEG2 W${W} H${H} F${fps}:1 Ip A1:1 C420jpeg\n`)]
  for (let f = 0; f < FRAMES; f++) {
    parts.push(Buffer.from('FRAME\n'))
    const y = Buffer.alloc(W * H, 90)
    for (let row = 0; row < H; row++) {
      for (let x = 0; x < (W * 48) / 640; x++) y[row * W + ((f * ((W * 64) / 640) + x) % W)] = 235
    }
    // U high, V low: blue (RGB ≈ 50, 90, 230 on the flat part).
    parts.push(y, Buffer.alloc((W / 2) * (H / 2), 200), Buffer.alloc((W / 2) * (H / 2), 100))
  }
  const temp = `${FILE}.${process.pid}.tmp`
  writeFileSync(temp, Buffer.concat(parts))
  renameSync(temp, FILE) // atomic: a parallel run never reads half a file
  return FILE
}
