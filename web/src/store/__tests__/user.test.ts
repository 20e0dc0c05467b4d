import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { getCsrfToken, http, setCsrfToken } from '@/api/http'
import { useUserStore } from '@/store/modules/user'
import { freshPinia, jsonResponse } from '@/test/setup'

const USER = {
  id: 2,
  username: 'qiaojia',
  display_name: '李文华',
  role: 'county_officer',
  org_id: 4,
  org_name: '巧家县人力资源和社会保障局',
  region_code: '530622',
  region_name: '巧家县',
}
const fetchMock = vi.fn<typeof fetch>()

beforeEach(() => {
  freshPinia()
  setCsrfToken(null)
  fetchMock.mockReset()
  vi.stubGlobal('fetch', fetchMock)
})
afterEach(() => vi.unstubAllGlobals())

describe('user store', () => {
  it('signs in, keeps the user and hands the CSRF token to the HTTP wrapper', async () => {
    fetchMock.mockResolvedValueOnce(jsonResponse(200, { user: USER, csrf_token: 'csrf-1' }))
    const store = useUserStore()
    await store.login({ username: 'qiaojia', password: 'x' })
    expect(store.user?.display_name).toBe('李文华')
    expect(store.hasRole('county_officer')).toBe(true)
    expect(getCsrfToken()).toBe('csrf-1')

    fetchMock.mockResolvedValueOnce(jsonResponse(200, {}))
    await http.post('/workers', {})
    expect((fetchMock.mock.calls[1]![1]?.headers as Record<string, string>)['X-CSRF-Token']).toBe('csrf-1')
  })

  it('asks /auth/me once however many guards wait for it', async () => {
    fetchMock.mockResolvedValue(jsonResponse(200, { user: USER, csrf_token: 'csrf-2' }))
    const store = useUserStore()
    const [a, b] = await Promise.all([store.ensureSession(), store.ensureSession()])
    await store.ensureSession()
    expect(a?.username).toBe('qiaojia')
    expect(b?.username).toBe('qiaojia')
    expect(fetchMock).toHaveBeenCalledTimes(1)
  })

  it('treats a 401 from /auth/me as signed out, not as an error', async () => {
    fetchMock.mockResolvedValue(jsonResponse(401, { error: { code: 'unauthenticated', message: { zh: '请登录', en: 'Sign in' } } }))
    const store = useUserStore()
    await expect(store.ensureSession()).resolves.toBeNull()
    expect(store.isSignedIn).toBe(false)
    expect(store.checked).toBe(true)
  })

  it('forgets the user and the token on sign-out even if the call fails', async () => {
    fetchMock.mockResolvedValueOnce(jsonResponse(200, { user: USER, csrf_token: 'csrf-3' }))
    const store = useUserStore()
    await store.login({ username: 'qiaojia', password: 'x' })
    fetchMock.mockRejectedValueOnce(new TypeError('offline'))
    await expect(store.logout()).rejects.toMatchObject({ code: 'network' })
    expect(store.user).toBeNull()
    expect(getCsrfToken()).toBeNull()
  })
})
