import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue'

/** The content-box size of an element, kept current with a ResizeObserver. */
export function useElementSize(element: Ref<HTMLElement | undefined>) {
  const width = ref(0)
  const height = ref(0)
  let observer: ResizeObserver | null = null
  onMounted(() => {
    if (!element.value) return
    observer = new ResizeObserver(([entry]) => {
      if (!entry) return
      width.value = entry.contentRect.width
      height.value = entry.contentRect.height
    })
    observer.observe(element.value)
  })
  onBeforeUnmount(() => observer?.disconnect())
  return { width, height }
}
