import { watchEffect } from 'vue'
import { useI18n } from 'vue-i18n'

/** Sets document.title to "<page> · Convene" (or just "Convene"), following the language. */
export function usePageTitle(page: () => string | undefined): void {
  const { t } = useI18n()
  watchEffect(() => {
    const name = t('app.name')
    const title = page()
    document.title = title ? `${title} · ${name}` : name
  })
}
