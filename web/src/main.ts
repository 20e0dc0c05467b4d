import { createApp } from 'vue'
import App from './App.vue'
import { i18n } from './locales'
import { pinia } from './store'
import { installUnauthorizedRedirect, router } from './router'
import './styles/index.css'

const app = createApp(App)
app.use(pinia)
app.use(i18n)
app.use(router)
installUnauthorizedRedirect()
app.mount('#app')
