/** What a tile shows instead of video: "Ada Lovelace" → "AL", "Bob" → "B", "张三" → "张". */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean)
  // Spread, not index: keeps emoji and characters outside the BMP whole.
  const first = (word: string | undefined) => (word ? [...word][0]! : '')
  if (words.length === 0) return '?'
  const letters = words.length === 1 ? first(words[0]) : first(words[0]) + first(words[words.length - 1])
  return letters.toUpperCase()
}
