/**
 * Messages for the services' stable error codes (`errors.<code>`), see api/errors.ts.
 * Feature-specific wording lives with the feature (meeting.*, chat.*).
 * `{when}` is filled with the Retry-After of a throttled request ("in 5 minutes") or "later"
 * (components/form/errorMessage.ts).
 */
const errors = {
  errors: {
    network_error: 'Cannot reach the server. Check your connection.',
    unexpected: 'Something went wrong. Please try again.',
    later: 'later',
    // common to every service
    validation_failed: 'Some fields need your attention.',
    malformed_request: 'The request could not be understood. Reload the page and try again.',
    unauthorized: 'Please log in again.',
    forbidden: 'You are not allowed to do that.',
    not_found: 'This was not found.',
    payload_too_large: 'That is too much data to send at once.',
    rate_limited: 'Too many attempts. Try again {when}.',
    service_unavailable: 'The service is temporarily unavailable. Try again in a moment.',
    upstream_unavailable: 'The service is temporarily unavailable. Try again in a moment.',
    internal_error: 'The server had a problem. Please try again.',
    // accounts
    invalid_credentials: 'The username, email or password is not right.',
    account_disabled: 'This account has been disabled. Contact your administrator.',
    account_gone: 'This account no longer exists.',
    username_taken: 'This username is already taken.',
    email_taken: 'An account with this email address already exists.',
    session_expired: 'Your session has ended. Please log in again.',
    current_password_incorrect: 'Your current password is not right.',
    reset_token_invalid: 'This password-reset link is not valid. Request a new one.',
    reset_token_expired: 'This password-reset link has expired. Request a new one.',
    reset_token_used: 'This password-reset link was already used or replaced by a newer one. Request a new one.',
    // rooms and joining
    room_not_found: 'There is no meeting at this address. Check the link or the code.',
    room_closed: 'This meeting has ended or has not started yet. The room owner can start it again.',
    room_full: 'This meeting is full.',
    room_locked: 'This meeting is locked by the host.',
    removed_from_meeting: 'You were removed from this meeting and cannot rejoin it.',
    guests_not_allowed: 'Guests cannot join this meeting. Log in to join.',
    passcode_required: 'This meeting needs a passcode.',
    wrong_passcode: 'The passcode is not right.',
    too_many_attempts: 'Too many wrong passcodes. Try again {when}.',
    lobby_denied: 'A host did not let you in.',
    lobby_request_not_found: 'Your request to join has expired. Join again.',
    invalid_room_token: 'Your access to this meeting has ended. Join again.',
    not_host: 'Only a host of the meeting can do that.',
    not_owner: 'Only the owner of the room can do that.',
    room_open: 'The meeting in this room is already running.',
  },
  validation: {
    required: 'This field is required.',
    invalid: 'This value is not valid.',
    username: "Use 3–32 letters, digits, '.', '_' or '-'.",
    email: 'Enter a valid email address.',
    displayNameTooLong: 'Use at most 64 characters.',
    displayNameInvalid: 'Use 1–64 characters, without line breaks or control characters.',
    controlCharacters: 'Line breaks and control characters are not allowed.',
    passwordTooShort: 'Use at least 10 characters.',
    passwordTooLong: 'Use at most 128 characters.',
    passwordBlank: 'The password cannot be only spaces.',
    passwordContainsUsername: 'The password must not contain your username.',
    passwordContainsEmail: 'The password must not contain your email address.',
    passwordCommon: 'This password is too common. Choose a less predictable one.',
    passwordRejected: 'This password cannot be used. Choose another one.',
    passwordMismatch: 'The two passwords do not match.',
    roomNameTooLong: 'Use at most 100 characters.',
    roomNameInvalid: 'Use 1–100 characters, without line breaks or control characters.',
    passcodeLength: 'A passcode has 4–64 characters.',
    roomCode: 'This is not a meeting code or link. A code looks like abc-defg-hij.',
  },
  media: {
    errors: {
      denied: "Camera or microphone access was denied. Allow it in the browser's site settings.",
      notFound: 'No camera or microphone was found.',
      busy: 'The camera or microphone is in use by another application.',
      unknown: 'The camera or microphone could not be started.',
    },
  },
}

export type ErrorMessages = typeof errors
export default errors
