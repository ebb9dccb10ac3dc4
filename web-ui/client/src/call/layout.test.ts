import { describe, expect, it } from 'vitest'
import { computeGridLayout, tilePosition } from './layout'

describe('computeGridLayout', () => {
  it('gives one tile the whole area, letterboxed to 16:9', () => {
    expect(computeGridLayout(1, 1600, 900)).toEqual({ columns: 1, rows: 1, tileWidth: 1600, tileHeight: 900 })
    expect(computeGridLayout(1, 1600, 1800)).toEqual({ columns: 1, rows: 1, tileWidth: 1600, tileHeight: 900 })
    expect(computeGridLayout(1, 800, 900)).toMatchObject({ tileWidth: 800, tileHeight: 450 })
  })

  it('puts two tiles side by side on a wide screen and stacked on a tall one', () => {
    expect(computeGridLayout(2, 1600, 900)).toMatchObject({ columns: 2, rows: 1 })
    expect(computeGridLayout(2, 360, 640)).toMatchObject({ columns: 1, rows: 2 })
  })

  it('uses 2×2 for four tiles in a 16:9 area', () => {
    expect(computeGridLayout(4, 1600, 900)).toEqual({ columns: 2, rows: 2, tileWidth: 800, tileHeight: 450 })
  })

  it('re-flows more tiles into more columns and rows on a 16:9 area', () => {
    expect(computeGridLayout(3, 1600, 900)).toMatchObject({ columns: 2, rows: 2 })
    for (const n of [5, 6]) expect(computeGridLayout(n, 1600, 900)).toMatchObject({ columns: 3, rows: 2 })
    for (const n of [7, 8, 9]) expect(computeGridLayout(n, 1600, 900)).toMatchObject({ columns: 3, rows: 3 })
    for (const n of [11, 12, 16]) expect(computeGridLayout(n, 1600, 900)).toMatchObject({ columns: 4 })
  })

  it('accounts for the gaps between tiles', () => {
    const layout = computeGridLayout(2, 1610, 900, { gap: 10 })
    expect(layout).toEqual({ columns: 2, rows: 1, tileWidth: 800, tileHeight: 450 })
  })

  it('never returns tiles larger than the area', () => {
    for (let n = 1; n <= 25; n++) {
      for (const [w, h] of [[1280, 720], [360, 740], [1024, 1366], [2560, 1080]] as const) {
        const l = computeGridLayout(n, w, h, { gap: 8 })
        expect(l.columns * l.rows).toBeGreaterThanOrEqual(n)
        expect(l.columns * l.tileWidth + (l.columns - 1) * 8).toBeLessThanOrEqual(w)
        expect(l.rows * l.tileHeight + (l.rows - 1) * 8).toBeLessThanOrEqual(h)
      }
    }
  })

  it('handles nothing to lay out', () => {
    expect(computeGridLayout(0, 1600, 900)).toEqual({ columns: 0, rows: 0, tileWidth: 0, tileHeight: 0 })
    expect(computeGridLayout(3, 0, 900).columns).toBe(0)
  })

  it('honours another aspect ratio', () => {
    expect(computeGridLayout(1, 1000, 1000, { aspect: 4 / 3 })).toMatchObject({ tileWidth: 1000, tileHeight: 750 })
  })
})

describe('tilePosition', () => {
  it('centres the grid and its short last row', () => {
    const layout = computeGridLayout(3, 1280, 720)
    expect(layout).toMatchObject({ columns: 2, rows: 2, tileWidth: 640, tileHeight: 360 })
    expect(tilePosition(layout, 0, 3, 1280, 720)).toEqual({ x: 0, y: 0 })
    expect(tilePosition(layout, 1, 3, 1280, 720)).toEqual({ x: 640, y: 0 })
    expect(tilePosition(layout, 2, 3, 1280, 720)).toEqual({ x: 320, y: 360 })
  })
})
