import { ApiError } from './http'

/**
 * The i18n key for an error: `errors.<code>` when we have a message for that code,
 * else `errors.unexpected`. `has` is vue-i18n's `te` (key exists).
 */
export function errorKey(error: unknown, has: (key: string) => boolean): string {
  if (error instanceof ApiError) {
    const key = `errors.${error.code}`
    if (has(key)) return key
  }
  return 'errors.unexpected'
}
