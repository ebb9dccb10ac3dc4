import type { MessageSchema } from './en'
import account from './zh-CN/account'
import meeting from './zh-CN/meeting'
import chat from './zh-CN/chat'
import errors from './zh-CN/errors'

const zhCN: MessageSchema = {
  ...account,
  ...meeting,
  ...chat,
  ...errors,
  app: {
    name: 'Convene',
    tagline: '可自行部署的视频会议：在浏览器中进行视频、语音、屏幕共享和聊天。',
    skipToContent: '跳到主要内容',
    footer: 'Convene — 可自行部署的视频会议系统',
  },
  toast: {
    dismiss: '关闭',
  },
  language: {
    label: '语言',
  },
  nav: {
    home: '首页',
    label: '账户',
    login: '登录',
    signup: '注册',
    logout: '退出登录',
    profile: '个人资料',
  },
  status: {
    heading: '系统状态',
    intro: 'Convene 由多个服务组成。此面板会询问每个服务是否已就绪。',
    service: '服务',
    state: '状态',
    details: '详情',
    checking: '正在检查各项服务…',
    summaryAllUp: '全部 {total} 项服务运行正常。',
    summarySome: '{total} 项服务中有 {up} 项运行正常。',
    lastChecked: '最近检查时间：{time}。',
    refreshEvery: '每 {seconds} 秒自动刷新。',
    refreshNow: '立即检查',
    names: {
      auth: '账户与登录',
      rooms: '会议室',
      chat: '聊天',
      signaling: '实时信令',
    },
    states: {
      up: '正常',
      down: '故障',
      unreachable: '无法连接',
      invalid: '响应无效',
      pending: '检查中…',
    },
    failingChecks: '异常项：{checks}',
  },
  notFound: {
    title: '页面未找到',
    text: '此地址没有内容。',
    back: '前往首页',
  },
}

export default zhCN
