import { describe, expect, it } from 'vitest'
import { ApiError } from '@/api/http'
import {
  checkDisplayName,
  checkEmail,
  checkNewPassword,
  checkPasscode,
  checkPasswordConfirmation,
  checkRoomName,
  checkUsername,
  collectErrors,
  hasErrors,
  serverFieldErrors,
} from './validation'

describe('account fields', () => {
  it('username: 3–32 of letters, digits and . _ -', () => {
    expect(checkUsername('alice_01.x-y')).toBeNull()
    expect(checkUsername('')).toBe('validation.required')
    expect(checkUsername('ab')).toBe('validation.username')
    expect(checkUsername('a'.repeat(33))).toBe('validation.username')
    expect(checkUsername('alice@example.org')).toBe('validation.username')
    expect(checkUsername('al ice')).toBe('validation.username')
  })

  it('email: loosely shaped like an address', () => {
    expect(checkEmail(' alice@example.org ')).toBeNull()
    expect(checkEmail('alice@localhost')).toBeNull()
    expect(checkEmail('')).toBe('validation.required')
    expect(checkEmail('alice')).toBe('validation.email')
    expect(checkEmail('a b@example.org')).toBe('validation.email')
  })

  it('display name: 1–64 UTF-16 units (as @Size counts), no control characters', () => {
    expect(checkDisplayName('Alice 🎉')).toBeNull()
    expect(checkDisplayName('😀'.repeat(32))).toBeNull()
    expect(checkDisplayName('😀'.repeat(33))).toBe('validation.displayNameTooLong')
    expect(checkDisplayName('   ')).toBe('validation.required')
    expect(checkDisplayName('a\nb')).toBe('validation.controlCharacters')
    expect(checkDisplayName('a\u2028b')).toBe('validation.controlCharacters')
  })

  it('new password: the policy the service applies (but the common-password list)', () => {
    expect(checkNewPassword('correct horse battery')).toBeNull()
    expect(checkNewPassword('')).toBe('validation.required')
    expect(checkNewPassword('short')).toBe('validation.passwordTooShort')
    expect(checkNewPassword('😀'.repeat(9))).toBe('validation.passwordTooShort') // code points, as the policy counts
    expect(checkNewPassword('😀'.repeat(10))).toBeNull()
    expect(checkNewPassword('x'.repeat(129))).toBe('validation.passwordTooLong')
    expect(checkNewPassword('           ')).toBe('validation.passwordBlank')
    expect(checkNewPassword('my-Alice-password', { username: 'alice' })).toBe('validation.passwordContainsUsername')
    expect(checkNewPassword('bob.smith-2024!', { email: 'bob.smith@example.org' })).toBe('validation.passwordContainsEmail')
    // names under 3 characters are ignored, as by the service
    expect(checkNewPassword('ab-long-password', { username: 'ab' })).toBeNull()
  })

  it('confirmation must match', () => {
    expect(checkPasswordConfirmation('a-long-password', 'a-long-password')).toBeNull()
    expect(checkPasswordConfirmation('a-long-password', '')).toBe('validation.required')
    expect(checkPasswordConfirmation('a-long-password', 'another')).toBe('validation.passwordMismatch')
  })
})

describe('room fields', () => {
  it('room name: 1–100 characters', () => {
    expect(checkRoomName('Weekly sync')).toBeNull()
    expect(checkRoomName(' ')).toBe('validation.required')
    expect(checkRoomName('x'.repeat(101))).toBe('validation.roomNameTooLong')
  })

  it('passcode: optional when creating, 4–64 characters when given', () => {
    expect(checkPasscode('')).toBeNull()
    expect(checkPasscode('', true)).toBe('validation.required')
    expect(checkPasscode('123')).toBe('validation.passcodeLength')
    expect(checkPasscode('1234')).toBeNull()
    expect(checkPasscode('x'.repeat(65))).toBe('validation.passcodeLength')
  })
})

describe('collectErrors', () => {
  it('keeps only the fields with a problem', () => {
    const errors = collectErrors({ a: null, b: 'validation.required' })
    expect(errors).toEqual({ b: 'validation.required' })
    expect(hasErrors(errors)).toBe(true)
    expect(hasErrors(collectErrors({ a: null }))).toBe(false)
  })
})

describe('serverFieldErrors', () => {
  const failed = (fields: Record<string, string>) => new ApiError(400, 'validation_failed', 'Some fields are invalid', fields)

  it("recognises the password policy's reasons", () => {
    expect(
      serverFieldErrors(
        failed({
          password: 'must be at least 10 characters long',
          newPassword: 'is one of the most common passwords',
        }),
      ),
    ).toEqual({ password: 'validation.passwordTooShort', newPassword: 'validation.passwordCommon' })
    expect(serverFieldErrors(failed({ password: 'must not contain your username' })).password).toBe('validation.passwordContainsUsername')
    expect(serverFieldErrors(failed({ password: 'must not contain your email address' })).password).toBe('validation.passwordContainsEmail')
    expect(serverFieldErrors(failed({ password: 'something new' })).password).toBe('validation.passwordRejected')
  })

  it("gives other fields their field's rule", () => {
    expect(serverFieldErrors(failed({ username: 'x', email: 'x', displayName: 'x', name: 'x', passcode: 'x', other: 'x' }))).toEqual({
      username: 'validation.username',
      email: 'validation.email',
      displayName: 'validation.displayNameInvalid',
      name: 'validation.roomNameInvalid',
      passcode: 'validation.passcodeLength',
      other: 'validation.invalid',
    })
  })

  it('is empty for other errors', () => {
    expect(serverFieldErrors(new ApiError(409, 'username_taken', 'taken'))).toEqual({})
    expect(serverFieldErrors(new Error('x'))).toEqual({})
  })
})
