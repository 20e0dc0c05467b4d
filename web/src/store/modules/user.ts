import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import * as authApi from '@/api/auth'
import type { LoginRequest, Role, User } from '@/api/auth/types'
import { isApiError, setCsrfToken } from '@/api/http'

/**
 * The session: who is signed in and the CSRF token the HTTP wrapper sends.
 * The session cookie itself is HttpOnly and never visible here.
 */
export const useUserStore = defineStore('user', () => {
  const user = ref<User | null>(null)
  /** True once /auth/me has answered (with a user or a 401). */
  const checked = ref(false)
  let probe: Promise<User | null> | null = null

  const role = computed<Role | null>(() => user.value?.role ?? null)
  const isSignedIn = computed(() => user.value !== null)

  function setSession(u: User | null, csrf: string | null) {
    user.value = u
    setCsrfToken(csrf)
    checked.value = true
  }

  /** Asks the server once whether a session exists; 401 means signed out. */
  function ensureSession(): Promise<User | null> {
    if (checked.value) return Promise.resolve(user.value)
    probe ??= authApi
      .me()
      .then((s) => {
        setSession(s.user, s.csrf_token)
        return s.user
      })
      .catch((e: unknown) => {
        if (isApiError(e) && e.status === 401) {
          setSession(null, null)
          return null
        }
        throw e
      })
      .finally(() => {
        probe = null
      })
    return probe
  }

  async function login(body: LoginRequest): Promise<User> {
    const s = await authApi.login(body)
    setSession(s.user, s.csrf_token)
    return s.user
  }

  async function logout(): Promise<void> {
    try {
      await authApi.logout()
    } finally {
      setSession(null, null)
    }
  }

  /** Forgets the session locally (after a 401 from any call). */
  function expire() {
    setSession(null, null)
  }

  function hasRole(...roles: readonly Role[]): boolean {
    return role.value !== null && roles.includes(role.value)
  }

  return { user, checked, role, isSignedIn, ensureSession, login, logout, expire, hasRole }
})
