/**
 * The one HTTP wrapper of the console. Every API module calls the API through
 * it, so that:
 *  - cookies go with each call (`credentials: 'same-origin'`) and unsafe methods
 *    carry the session's CSRF token in `X-CSRF-Token`;
 *  - a non-2xx answer REJECTS with an {@link ApiError} (never resolves undefined),
 *    whatever the body looked like: JSON error envelope, HTML from a proxy, or
 *    nothing at all; a network failure or time-out rejects the same way;
 *  - a 401 calls the handler installed with {@link onUnauthorized} (the app sends
 *    the user to /login) before rejecting.
 */
import type { LocalizedText, QueryParams } from './types'
import zhCN from '@/locales/zh-CN'
import en from '@/locales/en'

export interface FieldError {
  /** Name of the request field, e.g. "id_number" or "family_needs.children". */
  field: string
  message: LocalizedText
  /** Machine code of the field error, when the server sends one (e.g. "credit_code_check"). */
  code?: string
}

/** What a failed call rejects with. `status` is 0 when no HTTP answer arrived. */
export class ApiError {
  readonly name = 'ApiError'
  readonly status: number
  readonly code: string
  readonly message: LocalizedText
  readonly fields: FieldError[]

  constructor(status: number, code: string, message: LocalizedText, fields: FieldError[] = []) {
    this.status = status
    this.code = code
    this.message = message
    this.fields = fields
  }

  /** The field error for `field`, if any. */
  field(field: string): FieldError | undefined {
    return this.fields.find((f) => f.field === field)
  }

  toString(): string {
    return `ApiError ${this.status} ${this.code}: ${this.message.en}`
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError
}

export const API_BASE = '/api/v1'
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
const DEFAULT_TIMEOUT_MS = 30_000

let csrfToken: string | null = null
let unauthorizedHandler: (() => void) | null = null

/** Sets (or clears) the token sent in X-CSRF-Token; the session store owns it. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token
}

export function getCsrfToken(): string | null {
  return csrfToken
}

/** Installs what happens on a 401 (the app redirects to /login). */
export function onUnauthorized(handler: (() => void) | null): void {
  unauthorizedHandler = handler
}

export interface RequestOptions {
  params?: QueryParams
  body?: unknown
  /** Do not call the 401 handler (login and the initial session probe). */
  skipAuthRedirect?: boolean
  timeoutMs?: number
  signal?: AbortSignal
}

/**
 * Messages for failures the server did not describe (no answer, no error
 * envelope). They live in the locale files like every other text; the wrapper
 * carries both languages, as the server does.
 */
type FallbackCode = keyof typeof zhCN.httpError
function fallbackMessage(code: FallbackCode): LocalizedText {
  return { zh: zhCN.httpError[code], en: en.httpError[code] }
}

function fallbackCode(status: number): FallbackCode {
  if (status === 401) return 'unauthenticated'
  if (status === 403) return 'permission_denied'
  if (status === 404) return 'not_found'
  if (status === 429) return 'too_many_requests'
  if (status >= 500) return 'server'
  return 'http'
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function toLocalized(v: unknown): LocalizedText | null {
  if (typeof v === 'string' && v !== '') return { zh: v, en: v }
  if (!isRecord(v)) return null
  const zh = typeof v.zh === 'string' ? v.zh : ''
  const en = typeof v.en === 'string' ? v.en : ''
  if (!zh && !en) return null
  return { zh: zh || en, en: en || zh }
}

/** Builds an ApiError from an HTTP status and whatever body came with it. */
export function errorFromBody(status: number, body: unknown): ApiError {
  const fallback = fallbackCode(status)
  const env = isRecord(body) && isRecord(body.error) ? body.error : null
  if (!env) return new ApiError(status, fallback, fallbackMessage(fallback))
  const code = typeof env.code === 'string' && env.code ? env.code : fallback
  const message = toLocalized(env.message) ?? fallbackMessage(fallback)
  const fields: FieldError[] = []
  if (Array.isArray(env.fields)) {
    for (const f of env.fields) {
      if (!isRecord(f) || typeof f.field !== 'string') continue
      const fe: FieldError = { field: f.field, message: toLocalized(f.message) ?? message }
      if (typeof f.code === 'string') fe.code = f.code
      fields.push(fe)
    }
  }
  return new ApiError(status, code, message, fields)
}

export function buildUrl(path: string, params?: QueryParams): string {
  const url = API_BASE + path
  if (!params) return url
  const qs = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue
    if (Array.isArray(value)) {
      for (const v of value) qs.append(key, String(v))
    } else {
      qs.append(key, String(value))
    }
  }
  const s = qs.toString()
  return s ? `${url}?${s}` : url
}

async function send(method: string, path: string, opts: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' }
  let body: string | Blob | undefined
  if (opts.body instanceof Blob) {
    // A file (a photo) goes as the raw body with its own type.
    headers['Content-Type'] = opts.body.type || 'application/octet-stream'
    body = opts.body
  } else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json'
    body = JSON.stringify(opts.body)
  }
  if (UNSAFE_METHODS.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken

  const controller = new AbortController()
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    controller.abort()
  }, opts.timeoutMs ?? DEFAULT_TIMEOUT_MS)
  const onOuterAbort = () => controller.abort()
  opts.signal?.addEventListener('abort', onOuterAbort)
  try {
    const res = await fetch(buildUrl(path, opts.params), {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: controller.signal,
    })
    if (!res.ok) {
      const text = await res.text().catch(() => '')
      let parsed: unknown = null
      try {
        parsed = text ? JSON.parse(text) : null
      } catch {
        parsed = null
      }
      const err = errorFromBody(res.status, parsed)
      if (res.status === 401 && !opts.skipAuthRedirect) unauthorizedHandler?.()
      throw err
    }
    return res
  } catch (e) {
    if (e instanceof ApiError) throw e
    if (opts.signal?.aborted) throw new ApiError(0, 'aborted', fallbackMessage('aborted'))
    const code = timedOut ? 'timeout' : 'network'
    throw new ApiError(0, code, fallbackMessage(code))
  } finally {
    clearTimeout(timer)
    opts.signal?.removeEventListener('abort', onOuterAbort)
  }
}

/**
 * Sends a request and resolves with the parsed JSON body. A 2xx without a body
 * (204) resolves only for callers that asked for `void`.
 */
export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const res = await send(method, path, opts)
  const text = await res.text()
  if (text === '') return undefined as T
  try {
    return JSON.parse(text) as T
  } catch {
    throw new ApiError(res.status, 'bad_response', fallbackMessage('bad_response'))
  }
}

export interface Download {
  blob: Blob
  filename: string
}

/** Parses `Content-Disposition` (RFC 6266, with the RFC 5987 `filename*` form). */
export function filenameFrom(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition)
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim())
    } catch {
      /* fall through to the plain form */
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/.exec(disposition)
  return plain?.[1]?.trim() || fallback
}

/** GETs a file (e.g. a CSV export); errors reject like any other call. */
export async function download(path: string, params: QueryParams, fallbackName: string): Promise<Download> {
  const res = await send('GET', path, { params })
  const blob = await res.blob()
  return { blob, filename: filenameFrom(res.headers.get('Content-Disposition'), fallbackName) }
}

export const http = {
  get: <T>(path: string, params?: QueryParams, opts: Omit<RequestOptions, 'params'> = {}) =>
    request<T>('GET', path, { ...opts, params }),
  post: <T>(path: string, body?: unknown, opts: Omit<RequestOptions, 'body'> = {}) =>
    request<T>('POST', path, { ...opts, body }),
  put: <T>(path: string, body?: unknown, opts: Omit<RequestOptions, 'body'> = {}) =>
    request<T>('PUT', path, { ...opts, body }),
  patch: <T>(path: string, body?: unknown, opts: Omit<RequestOptions, 'body'> = {}) =>
    request<T>('PATCH', path, { ...opts, body }),
  delete: <T>(path: string, opts: RequestOptions = {}) => request<T>('DELETE', path, opts),
  download,
}
