import account from './en/account'
import meeting from './en/meeting'
import chat from './en/chat'
import errors from './en/errors'

/** Messages are split per feature (./en/*.ts) so each area owns its file. */
const en = {
  ...account,
  ...meeting,
  ...chat,
  ...errors,
  app: {
    name: 'Convene',
    tagline: 'Self-hosted video meetings: video, voice, screen sharing and chat in your browser.',
    skipToContent: 'Skip to main content',
    footer: 'Convene — self-hostable video conferencing',
  },
  toast: {
    dismiss: 'Dismiss',
  },
  language: {
    label: 'Language',
  },
  nav: {
    home: 'Home',
    label: 'Account',
    login: 'Log in',
    signup: 'Sign up',
    logout: 'Log out',
    profile: 'Your profile',
  },
  status: {
    heading: 'System status',
    intro: 'Convene is made of several services. This panel asks each of them whether it is ready.',
    service: 'Service',
    state: 'State',
    details: 'Details',
    checking: 'Checking the services…',
    summaryAllUp: 'All {total} services are up.',
    summarySome: '{up} of {total} services are up.',
    lastChecked: 'Last checked at {time}.',
    refreshEvery: 'Refreshes every {seconds} seconds.',
    refreshNow: 'Check now',
    names: {
      auth: 'Accounts and sign-in',
      rooms: 'Rooms',
      chat: 'Chat',
      signaling: 'Real-time signaling',
    },
    states: {
      up: 'Up',
      down: 'Down',
      unreachable: 'Unreachable',
      invalid: 'Invalid response',
      pending: 'Checking…',
    },
    failingChecks: 'Failing: {checks}',
  },
  notFound: {
    title: 'Page not found',
    text: 'There is nothing at this address.',
    back: 'Go to the start page',
  },
}

export type MessageSchema = typeof en
export default en
