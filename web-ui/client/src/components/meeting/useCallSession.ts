import { onBeforeUnmount, onMounted, reactive } from 'vue'
import { useChatStore } from '@/chat/store'
import type { JoinedMeeting, LeaveReason } from '@/meeting/contract'
import { createLevelMeter } from '@/media/devices'
import { LocalMedia } from '@/media/localMedia'
import { useToasts } from '@/stores/toasts'
import { CallSession, type RecordingSink } from '@/call/callSession'
import { createCallState, type CallState } from '@/call/callState'
import { signalingUrl } from '@/call/signalingClient'

/**
 * Creates the call for the meeting room component and ties it to the component's life and
 * the browser: starts on mount, leaves on unmount or when the tab closes, reconnects at
 * once when the browser comes back online.
 *
 * `?relay=1` in the page URL forces TURN relay (iceTransportPolicy 'relay'): for testing
 * relay-only paths, and for users behind networks where direct paths misbehave.
 */
export function useCallSession(meeting: JoinedMeeting, ended: (reason: LeaveReason) => void, recording?: RecordingSink) {
  const state = reactive(createCallState(meeting)) as CallState
  const toasts = useToasts()
  const chat = useChatStore()
  const media = new LocalMedia(meeting.prefs, meeting.devices)
  const session = new CallSession({
    meeting,
    state,
    media,
    notify: { error: toasts.error, info: toasts.info },
    chat: { applyEvent: (event) => chat.applyEvent(event), resync: () => chat.resync() },
    ended,
    signalingUrl: signalingUrl(window.location, meeting.slug),
    createSocket: (url, protocols) => new WebSocket(url, protocols),
    forceRelay: new URLSearchParams(window.location.search).get('relay') === '1',
    levelMeter: (track, onLevel) => createLevelMeter(new MediaStream([track]), onLevel),
    recording,
  })

  const onOnline = () => session.reconnectNow()
  // Closing the tab or reloading: tell the others now instead of after the reconnect grace.
  const onPageHide = () => session.dispose()

  onMounted(() => {
    session.start()
    void chat.start(meeting)
    window.addEventListener('online', onOnline)
    window.addEventListener('pagehide', onPageHide)
  })
  onBeforeUnmount(() => {
    window.removeEventListener('online', onOnline)
    window.removeEventListener('pagehide', onPageHide)
    session.dispose()
    chat.stop()
  })

  return { state, session }
}
