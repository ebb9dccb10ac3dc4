import { describe, expect, it } from 'vitest'
import { retryWhen } from './errorMessage'

describe('retryWhen', () => {
  it('says seconds under a minute, else whole minutes rounded up', () => {
    expect(retryWhen(30, 'en')).toBe('in 30 seconds')
    expect(retryWhen(60, 'en')).toBe('in 1 minute')
    expect(retryWhen(61, 'en')).toBe('in 2 minutes')
    expect(retryWhen(0, 'en')).toBe('in 1 second')
  })
  it('speaks Chinese too', () => {
    expect(retryWhen(300, 'zh-CN')).toBe('5分钟后')
  })
})
