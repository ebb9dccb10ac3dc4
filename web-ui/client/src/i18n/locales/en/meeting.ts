/** Strings of the meeting page (owned by the meeting UI). */
const meeting = {
  meeting: {
    title: 'Meeting {slug}',
    comingSoon: 'Meetings are coming soon. This link will open the meeting room once it is ready.',
    back: 'Back to the start page',
  },
}

export type MeetingMessages = typeof meeting
export default meeting
