import { API_BASE, ApiError, errorFromBody, getCsrfToken, http } from '../http'
import type { ImportJob, ImportKind, UploadOptions } from './types'
import zhCN from '@/locales/zh-CN'
import en from '@/locales/en'

/**
 * Uploads a list and starts its import job (202 + the job). XMLHttpRequest,
 * not fetch, because only XHR reports upload progress; failures reject with
 * an ApiError like every other call.
 */
export function uploadImport(o: UploadOptions): Promise<ImportJob> {
  const qs = new URLSearchParams({ async: '1', mode: o.mode, dry_run: o.dryRun ? '1' : '0' })
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', `${API_BASE}/imports/${o.kind}?${qs}`)
    xhr.withCredentials = true
    xhr.setRequestHeader('Accept', 'application/json')
    xhr.setRequestHeader('Content-Type', 'application/octet-stream')
    xhr.setRequestHeader('X-File-Name', encodeURIComponent(o.file.name))
    const csrf = getCsrfToken()
    if (csrf) xhr.setRequestHeader('X-CSRF-Token', csrf)
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) o.onProgress?.(e.loaded, e.total)
    }
    xhr.onload = () => {
      let body: unknown = null
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null
      } catch {
        body = null
      }
      if (xhr.status >= 200 && xhr.status < 300 && body) resolve(body as ImportJob)
      else reject(errorFromBody(xhr.status, body))
    }
    xhr.onerror = () =>
      reject(new ApiError(0, 'network', { zh: zhCN.httpError.network, en: en.httpError.network }))
    xhr.onabort = () =>
      reject(new ApiError(0, 'aborted', { zh: zhCN.httpError.aborted, en: en.httpError.aborted }))
    xhr.send(o.file)
  })
}

export const getImportJob = (id: number) => http.get<ImportJob>(`/imports/jobs/${id}`)
export const listImportJobs = (kind?: ImportKind) =>
  http.get<{ items: ImportJob[] }>('/imports/jobs', { kind, limit: 20 })
export const downloadImportReport = (id: number) =>
  http.download(`/imports/jobs/${id}/report.xlsx`, {}, `import-report-${id}.xlsx`)
export const downloadImportTemplate = (kind: ImportKind) =>
  http.download(`/imports/${kind}/template.xlsx`, {}, `${kind}-template.xlsx`)
