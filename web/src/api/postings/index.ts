import { http } from '../http'
import type { Id, ListResult } from '../types'
import type { Posting, PostingDetail, PostingInput, PostingQuery } from './types'

export const listPostings = (query: PostingQuery) => http.get<ListResult<Posting>>('/postings', { ...query })
export const getPosting = (id: Id | string) => http.get<PostingDetail>(`/postings/${id}`)
export const createPosting = (body: PostingInput) => http.post<PostingDetail>('/postings', body)
