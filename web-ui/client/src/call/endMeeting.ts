import { requestJson } from '@/api/http'
import type { JoinedMeeting } from '@/meeting/contract'

/**
 * Ends the meeting for everyone (hosts only; room-service answers 403 not_host otherwise).
 * Everyone's connection, ours included, is then closed with 4411 room_ended, which is
 * what takes this client out of the meeting.
 */
export async function endMeetingForAll(meeting: JoinedMeeting): Promise<void> {
  const token = await meeting.accessToken()
  await requestJson<void>('POST', `/api/rooms/${encodeURIComponent(meeting.slug)}/end`, { token })
}
