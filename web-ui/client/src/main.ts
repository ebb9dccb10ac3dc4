import { createApp, watch } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { router } from './router'
import { createAppI18n } from './i18n'
import { useSession } from './stores/session'
import './styles.css'

const i18n = createAppI18n()

// Keep <html lang> in step with the chosen language (screen readers, fonts, hyphenation).
watch(
  () => i18n.global.locale.value,
  (locale) => {
    document.documentElement.lang = locale
  },
  { immediate: true },
)

const pinia = createPinia()
createApp(App).use(pinia).use(i18n).use(router).mount('#app')
// Restore the session (refresh cookie or stored guest) right away; pages that need to know
// who is signed in await the same promise.
void useSession(pinia).start()
