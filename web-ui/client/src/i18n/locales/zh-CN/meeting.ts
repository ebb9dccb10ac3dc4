import type { MeetingMessages } from '../en/meeting'

/** Strings of the meeting page (owned by the meeting UI). */
const meeting: MeetingMessages = {
  meeting: {
    title: '会议 {slug}',
    comingSoon: '会议功能即将推出。准备就绪后，此链接将打开会议室。',
    back: '返回首页',
  },
}

export default meeting
