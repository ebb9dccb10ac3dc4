import { ApiError } from '@/api/http'
import { errorKey } from '@/api/errors'
import en from '@/i18n/locales/en'

/**
 * Whether a message key exists. English is the reference catalogue (i18n.test.ts keeps
 * every other language's keys equal to it), and this works outside components too.
 */
function hasMessage(key: string): boolean {
  let node: unknown = en
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null || !(part in node)) return false
    node = (node as Record<string, unknown>)[part]
  }
  return typeof node === 'string'
}

/**
 * The i18n key for a chat or host-control error: the chat's own wording for the code
 * (`chat.errors.<code>`) when there is one, else the shared `errors.<code>` / `errors.unexpected`.
 */
export function chatErrorKey(error: unknown): string {
  if (error instanceof ApiError && hasMessage(`chat.errors.${error.code}`)) return `chat.errors.${error.code}`
  return errorKey(error, hasMessage)
}
