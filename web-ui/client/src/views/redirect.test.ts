import { describe, expect, it } from 'vitest'
import { safeNext } from './redirect'

describe('safeNext', () => {
  it('keeps paths of this app', () => {
    expect(safeNext('/m/abc-defg-hij')).toBe('/m/abc-defg-hij')
    expect(safeNext('/profile?tab=1#x')).toBe('/profile?tab=1#x')
    expect(safeNext(['/profile'])).toBe('/profile')
  })
  it('refuses anything that could lead to another site', () => {
    for (const next of ['https://evil.example', '//evil.example', '/\\evil.example', 'javascript:alert(1)', 'profile', '', undefined, null, 42]) {
      expect(safeNext(next), String(next)).toBe('/')
    }
    expect(safeNext('//evil.example', '/home')).toBe('/home')
  })
})
