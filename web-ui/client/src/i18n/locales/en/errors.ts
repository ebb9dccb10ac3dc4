/**
 * Messages for the services' stable error codes (`errors.<code>`), see api/errors.ts.
 * Feature-specific wording lives with the feature (meeting.*, chat.*).
 */
const errors = {
  errors: {
    network_error: 'Cannot reach the server. Check your connection.',
    unexpected: 'Something went wrong. Please try again.',
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
