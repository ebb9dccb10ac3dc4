import type { ShortcutAction } from '@/call/shortcuts'

/** Everything the control bar (or a shortcut) can ask the meeting room to do. */
export type ControlAction = ShortcutAction | 'toggle-record' | 'toggle-settings' | 'toggle-layout' | 'leave' | 'end-for-all'
