/**
 * Messages for the services' stable error codes (`errors.<code>`), see api/errors.ts.
 * Feature-specific wording lives with the feature (meeting.*, chat.*).
 */
const errors = {
  errors: {
    network_error: 'Cannot reach the server. Check your connection.',
    unexpected: 'Something went wrong. Please try again.',
  },
}

export type ErrorMessages = typeof errors
export default errors
