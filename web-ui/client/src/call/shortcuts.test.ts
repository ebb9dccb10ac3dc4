import { describe, expect, it } from 'vitest'
import { shortcutFor } from './shortcuts'

const body = { tagName: 'BODY' }

describe('shortcutFor', () => {
  it('maps m v s c h p to their actions', () => {
    expect(shortcutFor({ key: 'm', target: body })).toBe('toggle-mic')
    expect(shortcutFor({ key: 'v', target: body })).toBe('toggle-camera')
    expect(shortcutFor({ key: 's', target: body })).toBe('toggle-screen')
    expect(shortcutFor({ key: 'c', target: body })).toBe('toggle-chat')
    expect(shortcutFor({ key: 'h', target: body })).toBe('raise-hand')
    expect(shortcutFor({ key: 'p', target: body })).toBe('toggle-participants')
  })

  it('ignores case (caps lock, shift)', () => {
    expect(shortcutFor({ key: 'M', target: body })).toBe('toggle-mic')
  })

  it('fires on buttons (the control bar has focus most of the time)', () => {
    expect(shortcutFor({ key: 'm', target: { tagName: 'BUTTON' } })).toBe('toggle-mic')
  })

  it('ignores other keys', () => {
    expect(shortcutFor({ key: 'x', target: body })).toBeNull()
    expect(shortcutFor({ key: 'Enter', target: body })).toBeNull()
    expect(shortcutFor({ key: ' ', target: body })).toBeNull()
  })

  it('ignores keys typed into inputs, textareas, selects and contenteditable', () => {
    expect(shortcutFor({ key: 'm', target: { tagName: 'INPUT' } })).toBeNull()
    expect(shortcutFor({ key: 'm', target: { tagName: 'textarea' } })).toBeNull()
    expect(shortcutFor({ key: 'm', target: { tagName: 'SELECT' } })).toBeNull()
    expect(shortcutFor({ key: 'm', target: { tagName: 'DIV', isContentEditable: true } })).toBeNull()
  })

  it('leaves browser and system combinations alone', () => {
    expect(shortcutFor({ key: 'c', ctrlKey: true, target: body })).toBeNull()
    expect(shortcutFor({ key: 's', metaKey: true, target: body })).toBeNull()
    expect(shortcutFor({ key: 'h', altKey: true, target: body })).toBeNull()
  })

  it('ignores auto-repeat so holding a key does not flip the microphone back and forth', () => {
    expect(shortcutFor({ key: 'm', repeat: true, target: body })).toBeNull()
  })

  it('works without a target', () => {
    expect(shortcutFor({ key: 'm' })).toBe('toggle-mic')
  })
})
