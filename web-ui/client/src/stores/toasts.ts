import { defineStore } from 'pinia'
import { ref } from 'vue'

export type ToastKind = 'error' | 'info' | 'success'

export interface Toast {
  id: number
  kind: ToastKind
  /** i18n key, translated by ToastHost so a language switch applies to visible toasts. */
  key: string
  params?: Record<string, unknown>
}

const DEFAULT_TIMEOUT_MS = 6000

/**
 * Short, non-blocking notices (errors in the user's language, confirmations).
 * Views call `useToasts().error('errors.room_full')`; ToastHost (in App.vue) shows them
 * in an aria-live region.
 */
export const useToasts = defineStore('toasts', () => {
  const toasts = ref<Toast[]>([])
  let nextId = 1

  function show(kind: ToastKind, key: string, params?: Record<string, unknown>, timeoutMs = DEFAULT_TIMEOUT_MS): number {
    const id = nextId++
    // The same message twice in a row replaces the older one instead of stacking.
    toasts.value = toasts.value.filter((t) => !(t.key === key && t.kind === kind))
    toasts.value.push({ id, kind, key, params })
    if (timeoutMs > 0) setTimeout(() => dismiss(id), timeoutMs)
    return id
  }

  function dismiss(id: number): void {
    toasts.value = toasts.value.filter((t) => t.id !== id)
  }

  return {
    toasts,
    show,
    dismiss,
    error: (key: string, params?: Record<string, unknown>) => show('error', key, params),
    info: (key: string, params?: Record<string, unknown>) => show('info', key, params),
    success: (key: string, params?: Record<string, unknown>) => show('success', key, params),
  }
})
