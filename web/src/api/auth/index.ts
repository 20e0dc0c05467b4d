import { http } from '../http'
import type { LoginRequest, Session } from './types'

/** Signs in; the server sets the HttpOnly session cookie. A 401 here is a wrong password, not an expired session. */
export const login = (body: LoginRequest) => http.post<Session>('/auth/login', body, { skipAuthRedirect: true })

export const logout = () => http.post<void>('/auth/logout', undefined, { skipAuthRedirect: true })

/** The current session, or a rejected ApiError with status 401 when there is none. */
export const me = () => http.get<Session>('/auth/me', undefined, { skipAuthRedirect: true })
