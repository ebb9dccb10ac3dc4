const en = {
  app: {
    name: 'Convene',
    tagline: 'Self-hosted video meetings: video, voice, screen sharing and chat in your browser.',
    skipToContent: 'Skip to main content',
    footer: 'Convene — self-hostable video conferencing',
  },
  language: {
    label: 'Language',
  },
  nav: {
    home: 'Home',
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
  meeting: {
    title: 'Meeting {slug}',
    comingSoon: 'Meetings are coming soon. This link will open the meeting room once it is ready.',
    back: 'Back to the start page',
  },
  notFound: {
    title: 'Page not found',
    text: 'There is nothing at this address.',
    back: 'Go to the start page',
  },
}

export type MessageSchema = typeof en
export default en
