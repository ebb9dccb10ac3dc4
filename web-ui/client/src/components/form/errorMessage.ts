import { useI18n } from 'vue-i18n'
import { ApiError } from '@/api/http'
import { errorKey } from '@/api/errors'

/** An i18n key with its parameters, e.g. for a toast (translated when shown). */
export interface LocalizedMessage {
  key: string
  params: Record<string, unknown>
}

/**
 * "in 5 minutes" / "5分钟后" for a Retry-After of 300 s: seconds under a minute, else whole
 * minutes rounded up (never promise a retry too early).
 */
export function retryWhen(seconds: number, locale: string): string {
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'always' })
  return seconds < 60 ? format.format(Math.max(1, Math.ceil(seconds)), 'second') : format.format(Math.ceil(seconds / 60), 'minute')
}

/**
 * Translated messages for errors from the services (`errors.<code>`, else "something went
 * wrong"). Every message may use `{when}`: the Retry-After of a throttled request, or "later".
 */
export function useErrorMessage() {
  const { t, te, locale } = useI18n()

  /** The message for a service error code; `retryAfter` in seconds fills `{when}`. */
  function messageFor(code: string, retryAfter?: number): LocalizedMessage {
    return {
      key: errorKey(new ApiError(0, code, code), (key) => te(key)),
      params: { when: retryAfter === undefined ? t('errors.later') : retryWhen(retryAfter, locale.value) },
    }
  }

  function messageOf(error: unknown): LocalizedMessage {
    return error instanceof ApiError ? messageFor(error.code, error.retryAfter) : messageFor('unexpected')
  }

  function textOf(error: unknown): string {
    const { key, params } = messageOf(error)
    return t(key, params)
  }

  return { messageFor, messageOf, textOf }
}
