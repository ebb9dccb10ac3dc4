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
  media: {
    errors: {
      denied: '摄像头或麦克风权限被拒绝。请在浏览器的网站设置中允许访问。',
      notFound: '未找到摄像头或麦克风。',
      busy: '摄像头或麦克风正被其他应用使用。',
      unknown: '无法启动摄像头或麦克风。',
    },
  },
}

export default errors
