import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import { SERVICES, pendingStatus, probeAll, summarize, type FetchLike, type ServiceStatus } from '@/lib/status'

export const REFRESH_INTERVAL_MS = 5000

/**
 * Polls the services' status endpoints while at least one view is subscribed.
 * The logic lives in lib/status.ts; this store only schedules it and keeps the result.
 */
export const useStatusStore = defineStore('status', () => {
  const statuses = shallowRef<ServiceStatus[]>(SERVICES.map(pendingStatus))
  const lastChecked = ref<Date | null>(null)
  const loading = ref(false)
  const summary = computed(() => summarize(statuses.value))

  let subscribers = 0
  let timer: ReturnType<typeof setTimeout> | undefined
  let generation = 0

  const fetchImpl: FetchLike = (input, init) => globalThis.fetch(input, init)

  async function refresh(): Promise<void> {
    const mine = ++generation
    loading.value = true
    try {
      const result = await probeAll(fetchImpl)
      if (mine === generation) {
        statuses.value = result
        lastChecked.value = new Date()
      }
    } finally {
      if (mine === generation) loading.value = false
    }
  }

  function schedule(): void {
    clearTimeout(timer)
    if (subscribers === 0) return
    timer = setTimeout(async () => {
      // Skip work while the tab is hidden; catch up when it becomes visible again.
      if (typeof document === 'undefined' || !document.hidden) await refresh()
      schedule()
    }, REFRESH_INTERVAL_MS)
  }

  function onVisibility(): void {
    if (!document.hidden) void refresh().then(schedule)
  }

  /** Starts polling (immediately and every few seconds); returns the function that stops it. */
  function subscribe(): () => void {
    subscribers++
    if (subscribers === 1) {
      document.addEventListener('visibilitychange', onVisibility)
      void refresh().then(schedule)
    }
    let active = true
    return () => {
      if (!active) return
      active = false
      subscribers--
      if (subscribers === 0) {
        clearTimeout(timer)
        document.removeEventListener('visibilitychange', onVisibility)
      }
    }
  }

  async function refreshNow(): Promise<void> {
    await refresh()
    schedule()
  }

  return { statuses, lastChecked, loading, summary, subscribe, refreshNow }
})
