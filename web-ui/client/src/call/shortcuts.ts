/**
 * Single-key meeting shortcuts. They must never fire while the user types (chat input,
 * passcode field, contenteditable) or uses a browser/OS combination (Ctrl+C, Cmd+S).
 */
export type ShortcutAction =
  | 'toggle-mic'
  | 'toggle-camera'
  | 'toggle-screen'
  | 'toggle-chat'
  | 'raise-hand'
  | 'toggle-participants'

/** The key for each action, as shown in tooltips and the help text. */
export const SHORTCUT_KEYS: Record<ShortcutAction, string> = {
  'toggle-mic': 'M',
  'toggle-camera': 'V',
  'toggle-screen': 'S',
  'toggle-chat': 'C',
  'raise-hand': 'H',
  'toggle-participants': 'P',
}

const BY_KEY = new Map(Object.entries(SHORTCUT_KEYS).map(([action, key]) => [key.toLowerCase(), action as ShortcutAction]))

/** What the decision needs from the element the key went to. */
export interface KeyTarget {
  tagName?: string
  isContentEditable?: boolean
}

/** What the decision needs from a KeyboardEvent. */
export interface KeyInput {
  key: string
  ctrlKey?: boolean
  metaKey?: boolean
  altKey?: boolean
  repeat?: boolean
  /** The innermost target (`composedPath()[0]`, so inputs inside shadow DOM count). */
  target?: KeyTarget | null
}

const TYPING_ELEMENTS = new Set(['INPUT', 'TEXTAREA', 'SELECT'])

export function isTypingTarget(target: KeyTarget | null | undefined): boolean {
  if (!target) return false
  return target.isContentEditable === true || TYPING_ELEMENTS.has((target.tagName ?? '').toUpperCase())
}

export function shortcutFor(input: KeyInput): ShortcutAction | null {
  if (input.ctrlKey || input.metaKey || input.altKey || input.repeat) return null
  if (isTypingTarget(input.target)) return null
  return BY_KEY.get(input.key.toLowerCase()) ?? null
}
