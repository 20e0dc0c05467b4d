/**
 * Shapes shared by every resource of the /api/v1 contract.
 */

/** A server-provided text in both console languages. */
export interface LocalizedText {
  zh: string
  en: string
}

/** Identifiers are numbers in JSON; route params arrive as strings. */
export type Id = number

/** One page of a paginated list: `{"items":[...],"total":N,"page":1,"page_size":20}`. */
export interface ListResult<T> {
  items: T[]
  total: number
  page: number
  page_size: number
}

/** An unpaginated list: `{"items":[...]}`. */
export interface ItemsResult<T> {
  items: T[]
}

export interface PageQuery {
  page?: number
  page_size?: number
}

/** Query values the HTTP wrapper knows how to put in a URL. */
export type QueryValue = string | number | boolean | null | undefined | readonly (string | number)[]
export type QueryParams = Record<string, QueryValue>
