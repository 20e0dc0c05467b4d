import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import zhCn from 'element-plus/es/locale/lang/zh-cn'
import enLang from 'element-plus/es/locale/lang/en'
import { i18n, initialLocale, LOCALE_STORAGE_KEY, type AppLocale } from '@/locales'

/** Console-wide UI state: the language and the side menu. */
export const useAppStore = defineStore('app', () => {
  const locale = ref<AppLocale>(initialLocale())
  const sidebarCollapsed = ref(false)

  const elementLocale = computed(() => (locale.value === 'en' ? enLang : zhCn))

  function apply(l: AppLocale) {
    i18n.global.locale.value = l
    document.documentElement.lang = l
  }

  function setLocale(l: AppLocale) {
    locale.value = l
    apply(l)
    try {
      localStorage.setItem(LOCALE_STORAGE_KEY, l)
    } catch {
      /* storage may be unavailable; the choice lasts for this page */
    }
  }

  function toggleSidebar() {
    sidebarCollapsed.value = !sidebarCollapsed.value
  }

  apply(locale.value)

  return { locale, sidebarCollapsed, elementLocale, setLocale, toggleSidebar }
})
