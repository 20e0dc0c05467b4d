import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  ApiError,
  buildUrl,
  errorFromBody,
  filenameFrom,
  http,
  isApiError,
  onUnauthorized,
  setCsrfToken,
} from '@/api/http'
import { jsonResponse } from '@/test/setup'

const fetchMock = vi.fn<typeof fetch>()

beforeEach(() => {
  fetchMock.mockReset()
  vi.stubGlobal('fetch', fetchMock)
  setCsrfToken(null)
  onUnauthorized(null)
})

afterEach(() => {
  vi.unstubAllGlobals()
  vi.useRealTimers()
})

/** Awaits a promise that must reject and returns what it rejected with. */
async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p
  } catch (e) {
    return e
  }
  throw new Error('expected the call to reject, but it resolved')
}

const ENVELOPE = {
  error: {
    code: 'invalid_argument',
    message: { zh: '请修改标红的字段。', en: 'Correct the fields marked in red.' },
    fields: [{ field: 'id_number', message: { zh: '校验位不正确', en: 'Wrong check digit' } }],
  },
}

describe('http wrapper', () => {
  it('resolves with the parsed JSON body of a 2xx answer', async () => {
    fetchMock.mockResolvedValue(jsonResponse(200, { items: [1, 2], total: 2, page: 1, page_size: 20 }))
    await expect(http.get('/workers')).resolves.toEqual({ items: [1, 2], total: 2, page: 1, page_size: 20 })
  })

  it('rejects a 400 with a typed ApiError carrying status, code, both messages and field errors', async () => {
    fetchMock.mockResolvedValue(jsonResponse(400, ENVELOPE))
    const e = await rejection(http.post('/workers', { name: 'x' }))
    expect(e).toBeInstanceOf(ApiError)
    expect(isApiError(e)).toBe(true)
    const err = e as ApiError
    expect(err.status).toBe(400)
    expect(err.code).toBe('invalid_argument')
    expect(err.message).toEqual({ zh: '请修改标红的字段。', en: 'Correct the fields marked in red.' })
    expect(err.fields).toEqual([{ field: 'id_number', message: { zh: '校验位不正确', en: 'Wrong check digit' } }])
    expect(err.field('id_number')?.message.en).toBe('Wrong check digit')
  })

  it('rejects, never resolves undefined, when a 5xx has an HTML body', async () => {
    fetchMock.mockResolvedValue(jsonResponse(502, '<html>Bad gateway</html>'))
    const e = await rejection(http.get('/stats/summary'))
    expect(e).toBeInstanceOf(ApiError)
    expect((e as ApiError).status).toBe(502)
    expect((e as ApiError).code).toBe('server')
    expect((e as ApiError).message.zh).not.toBe('')
    expect((e as ApiError).message.en).not.toBe('')
  })

  it('rejects a 429 (lockout) with the server message', async () => {
    fetchMock.mockResolvedValue(
      jsonResponse(429, { error: { code: 'too_many_requests', message: { zh: '账号已临时锁定', en: 'Locked' } } }),
    )
    const e = (await rejection(http.post('/auth/login', {}, { skipAuthRedirect: true }))) as ApiError
    expect(e.status).toBe(429)
    expect(e.message.zh).toBe('账号已临时锁定')
    expect(e.fields).toEqual([])
  })

  it('rejects with status 0 and code "network" when the request cannot be sent', async () => {
    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'))
    const e = (await rejection(http.get('/auth/me'))) as ApiError
    expect(e).toBeInstanceOf(ApiError)
    expect(e.status).toBe(0)
    expect(e.code).toBe('network')
  })

  it('rejects with code "timeout" when the server does not answer in time', async () => {
    fetchMock.mockImplementation(
      (_url, init) =>
        new Promise((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')))
        }),
    )
    const e = (await rejection(http.get('/workers', undefined, { timeoutMs: 20 }))) as ApiError
    expect(e.code).toBe('timeout')
  })

  it('rejects a 2xx whose body is not JSON', async () => {
    fetchMock.mockResolvedValue(new Response('not json', { status: 200 }))
    const e = (await rejection(http.get('/workers'))) as ApiError
    expect(e.code).toBe('bad_response')
  })

  it('resolves a 204 for a void call', async () => {
    fetchMock.mockResolvedValue(jsonResponse(204, undefined))
    await expect(http.post<void>('/auth/logout')).resolves.toBeUndefined()
  })

  it('sends cookies same-origin and the CSRF token on POST, PUT, PATCH and DELETE only', async () => {
    setCsrfToken('tok-123')
    fetchMock.mockImplementation(async () => jsonResponse(200, {}))
    await http.get('/workers')
    await http.post('/workers', {})
    await http.put('/workers/1', {})
    await http.patch('/workers/1', {})
    await http.delete('/workers/1')
    const calls = fetchMock.mock.calls.map(([, init]) => ({
      method: init?.method,
      credentials: init?.credentials,
      csrf: (init?.headers as Record<string, string>)['X-CSRF-Token'],
    }))
    expect(calls).toEqual([
      { method: 'GET', credentials: 'same-origin', csrf: undefined },
      { method: 'POST', credentials: 'same-origin', csrf: 'tok-123' },
      { method: 'PUT', credentials: 'same-origin', csrf: 'tok-123' },
      { method: 'PATCH', credentials: 'same-origin', csrf: 'tok-123' },
      { method: 'DELETE', credentials: 'same-origin', csrf: 'tok-123' },
    ])
  })

  it('sends JSON bodies with a JSON content type', async () => {
    fetchMock.mockResolvedValue(jsonResponse(200, {}))
    await http.post('/workers', { name: '张三' })
    const [url, init] = fetchMock.mock.calls[0]!
    expect(url).toBe('/api/v1/workers')
    expect(init?.body).toBe('{"name":"张三"}')
    expect((init?.headers as Record<string, string>)['Content-Type']).toBe('application/json')
  })

  it('calls the unauthorized handler on a 401, then still rejects', async () => {
    const handler = vi.fn()
    onUnauthorized(handler)
    fetchMock.mockResolvedValue(jsonResponse(401, { error: { code: 'unauthenticated', message: { zh: '请登录', en: 'Sign in' } } }))
    const e = (await rejection(http.get('/workers'))) as ApiError
    expect(e.status).toBe(401)
    expect(handler).toHaveBeenCalledTimes(1)
  })

  it('does not redirect on a 401 from a call that asked not to (wrong password at sign-in)', async () => {
    const handler = vi.fn()
    onUnauthorized(handler)
    fetchMock.mockResolvedValue(jsonResponse(401, { error: { code: 'unauthenticated', message: { zh: '密码错误', en: 'Wrong' } } }))
    await rejection(http.post('/auth/login', {}, { skipAuthRedirect: true }))
    expect(handler).not.toHaveBeenCalled()
  })

  it('downloads a file and takes its name from Content-Disposition', async () => {
    fetchMock.mockResolvedValue(
      new Response('a,b\n', {
        status: 200,
        headers: { 'Content-Disposition': "attachment; filename=\"w.csv\"; filename*=UTF-8''%E5%8A%A1%E5%B7%A5.csv" },
      }),
    )
    const d = await http.download('/workers/export', { region: '530622' }, 'workers.csv')
    expect(d.filename).toBe('务工.csv')
    expect(await d.blob.text()).toBe('a,b\n')
    expect(fetchMock.mock.calls[0]![0]).toBe('/api/v1/workers/export?region=530622')
  })

  it('rejects a failed download like any other call', async () => {
    fetchMock.mockResolvedValue(jsonResponse(403, { error: { code: 'permission_denied', message: { zh: '无权导出', en: 'No' } } }))
    const e = (await rejection(http.download('/workers/export', {}, 'w.csv'))) as ApiError
    expect(e.status).toBe(403)
    expect(e.message.zh).toBe('无权导出')
  })
})

describe('errorFromBody', () => {
  it('fills a missing language from the other one', () => {
    const e = errorFromBody(400, { error: { code: 'x', message: { zh: '只有中文' } } })
    expect(e.message).toEqual({ zh: '只有中文', en: '只有中文' })
  })

  it('falls back to a generic message per status when the body is not an error envelope', () => {
    expect(errorFromBody(403, null).code).toBe('permission_denied')
    expect(errorFromBody(404, { oops: true }).code).toBe('not_found')
    expect(errorFromBody(500, 'x').message.en).toMatch(/server/i)
  })

  it('keeps a field error code and drops malformed field entries', () => {
    const e = errorFromBody(400, {
      error: {
        code: 'credit_code_check',
        message: { zh: 'a', en: 'a' },
        fields: [{ field: 'credit_code', code: 'credit_code_check', message: { zh: 'b', en: 'b' } }, { nope: 1 }, 'x'],
      },
    })
    expect(e.fields).toEqual([{ field: 'credit_code', code: 'credit_code_check', message: { zh: 'b', en: 'b' } }])
  })
})

describe('buildUrl and filenameFrom', () => {
  it('drops empty filters and repeats array values', () => {
    expect(buildUrl('/workers', { q: '', region: '530622', page: 2, status: undefined, category: null, x: ['a', 'b'] })).toBe(
      '/api/v1/workers?region=530622&page=2&x=a&x=b',
    )
  })

  it('uses the fallback name without a Content-Disposition header', () => {
    expect(filenameFrom(null, 'workers.csv')).toBe('workers.csv')
    expect(filenameFrom('attachment; filename="a.csv"', 'b.csv')).toBe('a.csv')
  })
})
