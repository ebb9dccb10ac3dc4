/**
 * Grid geometry for the video tiles: how many columns and rows N tiles need in a W×H area
 * so that each tile (at a fixed aspect ratio, 16:9 by default) is as large as possible.
 * Used by the on-screen grid and by the recording canvas.
 */
export interface GridLayout {
  columns: number
  rows: number
  tileWidth: number
  tileHeight: number
}

export interface GridOptions {
  /** Width / height of a tile. */
  aspect?: number
  /** Space between tiles, in the same unit as the area. */
  gap?: number
}

export function computeGridLayout(count: number, width: number, height: number, options: GridOptions = {}): GridLayout {
  const aspect = options.aspect ?? 16 / 9
  const gap = options.gap ?? 0
  if (count <= 0 || width <= 0 || height <= 0) return { columns: 0, rows: 0, tileWidth: 0, tileHeight: 0 }
  const landscape = width >= height
  let best: GridLayout = { columns: 1, rows: count, tileWidth: 0, tileHeight: 0 }
  let bestEmpty = Infinity
  for (let columns = 1; columns <= count; columns++) {
    const rows = Math.ceil(count / columns)
    const cellWidth = (width - gap * (columns - 1)) / columns
    const cellHeight = (height - gap * (rows - 1)) / rows
    if (cellWidth <= 0 || cellHeight <= 0) continue
    // The tile fills its cell in one dimension and is letterboxed in the other.
    const tileWidth = Math.min(cellWidth, cellHeight * aspect)
    const empty = columns * rows - count
    // Ties (within half a pixel) go to fewer empty cells, then to the shape of the area:
    // side by side on a wide screen, stacked on a tall one.
    const tie = Math.abs(tileWidth - best.tileWidth) < 0.5
    const better = tie
      ? empty < bestEmpty || (empty === bestEmpty && landscape)
      : tileWidth > best.tileWidth
    if (better) {
      best = { columns, rows, tileWidth, tileHeight: tileWidth / aspect }
      bestEmpty = empty
    }
  }
  return {
    columns: best.columns,
    rows: best.rows,
    tileWidth: Math.floor(best.tileWidth),
    tileHeight: Math.floor(best.tileHeight),
  }
}

/** Top-left corner of tile `index` when the grid is centred in the area (for the canvas). */
export function tilePosition(
  layout: GridLayout,
  index: number,
  count: number,
  width: number,
  height: number,
  gap = 0,
): { x: number; y: number } {
  const row = Math.floor(index / layout.columns)
  const column = index % layout.columns
  // The last row may be short: centre it like the on-screen grid does.
  const inRow = row === layout.rows - 1 ? count - row * layout.columns : layout.columns
  const rowWidth = inRow * layout.tileWidth + (inRow - 1) * gap
  const gridHeight = layout.rows * layout.tileHeight + (layout.rows - 1) * gap
  return {
    x: Math.round((width - rowWidth) / 2 + column * (layout.tileWidth + gap)),
    y: Math.round((height - gridHeight) / 2 + row * (layout.tileHeight + gap)),
  }
}
