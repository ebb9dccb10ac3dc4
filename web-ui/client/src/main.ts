import { createApp, watch } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { router } from './router'
import { createAppI18n } from './i18n'
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

createApp(App).use(createPinia()).use(i18n).use(router).mount('#app')
