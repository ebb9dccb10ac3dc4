import type { ErrorMessages } from '../en/errors'

/**
 * Messages for the services' stable error codes (`errors.<code>`), see api/errors.ts.
 * Feature-specific wording lives with the feature (meeting.*, chat.*).
 */
const errors: ErrorMessages = {
  errors: {
    network_error: '无法连接服务器，请检查网络连接。',
    unexpected: '出错了，请重试。',
  },
}

export default errors
