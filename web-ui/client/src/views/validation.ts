import { ApiError } from '@/api/http'

/**
 * Form checks that mirror the services' rules (docs/auth-service.md, docs/room-service.md),
 * so most mistakes are explained before a request is sent. Each check returns the i18n key
 * of the problem (`validation.*`) or null. The services stay the authority: their
 * `validation_failed` answers are mapped to the same keys by {@link serverFieldErrors}.
 */

export type FieldErrors = Partial<Record<string, string>>

export const USERNAME_PATTERN = /^[A-Za-z0-9._-]{3,32}$/
export const PASSWORD_MIN = 10
export const PASSWORD_MAX = 128
export const DISPLAY_NAME_MAX = 64
export const ROOM_NAME_MAX = 100
export const PASSCODE_MIN = 4
export const PASSCODE_MAX = 64
const EMAIL_MAX = 254
/** Names shorter than this are too likely to appear in a password by chance (server rule). */
const MIN_NAME_PART = 3
// C0 and C1 control characters, DEL, and line/paragraph separators.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/

/**
 * Two ways the services count length: the password policy counts code points (an emoji is
 * one), Bean Validation's @Size (names, passcodes) counts UTF-16 units (most emoji are two).
 */
const codePoints = (value: string) => [...value].length

export function checkRequired(value: string): string | null {
  return value.trim() ? null : 'validation.required'
}

export function checkUsername(value: string): string | null {
  if (!value.trim()) return 'validation.required'
  return USERNAME_PATTERN.test(value.trim()) ? null : 'validation.username'
}

export function checkEmail(value: string): string | null {
  const email = value.trim()
  if (!email) return 'validation.required'
  // Deliberately loose: the service decides; this only catches obvious slips.
  return /^[^\s@]+@[^\s@]+$/.test(email) && email.length <= EMAIL_MAX ? null : 'validation.email'
}

export function checkDisplayName(value: string): string | null {
  const name = value.trim()
  if (!name) return 'validation.required'
  if (CONTROL_CHARS.test(name)) return 'validation.controlCharacters'
  return name.length <= DISPLAY_NAME_MAX ? null : 'validation.displayNameTooLong'
}

/** The password policy except the common-password list, which only the service has. */
export function checkNewPassword(password: string, identity: { username?: string; email?: string } = {}): string | null {
  if (!password) return 'validation.required'
  if (codePoints(password) < PASSWORD_MIN) return 'validation.passwordTooShort'
  if (codePoints(password) > PASSWORD_MAX) return 'validation.passwordTooLong'
  if (!password.trim()) return 'validation.passwordBlank'
  const lower = password.toLowerCase()
  const contains = (part: string | undefined) =>
    !!part && part.length >= MIN_NAME_PART && lower.includes(part.toLowerCase())
  if (contains(identity.username?.trim())) return 'validation.passwordContainsUsername'
  if (contains(identity.email?.trim().split('@')[0])) return 'validation.passwordContainsEmail'
  return null
}

export function checkPasswordConfirmation(password: string, confirmation: string): string | null {
  if (!confirmation) return 'validation.required'
  return password === confirmation ? null : 'validation.passwordMismatch'
}

export function checkRoomName(value: string): string | null {
  const name = value.trim()
  if (!name) return 'validation.required'
  if (CONTROL_CHARS.test(name)) return 'validation.controlCharacters'
  return name.length <= ROOM_NAME_MAX ? null : 'validation.roomNameTooLong'
}

/** An empty passcode is fine when it is optional (creating a room without one). */
export function checkPasscode(value: string, required = false): string | null {
  if (!value) return required ? 'validation.required' : null
  if (CONTROL_CHARS.test(value)) return 'validation.controlCharacters'
  const n = value.length
  return n >= PASSCODE_MIN && n <= PASSCODE_MAX ? null : 'validation.passcodeLength'
}

/** Runs the checks; returns only the fields that have a problem. */
export function collectErrors(checks: Record<string, string | null>): FieldErrors {
  return Object.fromEntries(Object.entries(checks).filter(([, key]) => key !== null)) as FieldErrors
}

export function hasErrors(errors: FieldErrors): boolean {
  return Object.values(errors).some(Boolean)
}

/**
 * The per-field messages of a `validation_failed` answer as i18n keys. The services word
 * them in English; the password policy's reasons are recognised so they can be shown in the
 * user's language, every other field gets its field's general rule.
 */
export function serverFieldErrors(error: unknown): FieldErrors {
  if (!(error instanceof ApiError) || error.code !== 'validation_failed') return {}
  const out: FieldErrors = {}
  for (const [field, message] of Object.entries(error.fields)) {
    out[field] = fieldMessageKey(field, String(message ?? ''))
  }
  return out
}

const PASSWORD_REASONS: [RegExp, string][] = [
  [/at least/i, 'validation.passwordTooShort'],
  [/at most/i, 'validation.passwordTooLong'],
  [/spaces/i, 'validation.passwordBlank'],
  [/username/i, 'validation.passwordContainsUsername'],
  [/email/i, 'validation.passwordContainsEmail'],
  [/common/i, 'validation.passwordCommon'],
]

const FIELD_RULES: Record<string, string> = {
  username: 'validation.username',
  email: 'validation.email',
  displayName: 'validation.displayNameInvalid',
  name: 'validation.roomNameInvalid',
  passcode: 'validation.passcodeLength',
}

function fieldMessageKey(field: string, message: string): string {
  if (field === 'password' || field === 'newPassword') {
    return PASSWORD_REASONS.find(([pattern]) => pattern.test(message))?.[1] ?? 'validation.passwordRejected'
  }
  return FIELD_RULES[field] ?? 'validation.invalid'
}
