import { computed, reactive, watch, type WatchSource } from 'vue'
import { useI18n } from 'vue-i18n'
import { isApiError, type FieldError } from '@/api/http'
import type { LocalizedText } from '@/api/types'
import { pickLocalized } from '@/locales'

export interface FieldErrorsOptions {
  /**
   * Server field name → form item prop, for names that differ or are nested
   * ("family_needs.children" → "family_needs"). Unlisted names map to
   * themselves, then to their first path segment if that is a known prop.
   */
  aliases?: Record<string, string>
  /** The props of the form's el-form-items; errors for other fields are "unplaced". */
  props?: readonly string[]
}

/**
 * Maps an ApiError's `fields` onto el-form-items: bind
 * `:error="fieldErrors.errorOf('id_number')"` on each item. Messages are kept
 * in both languages and follow a locale switch. Field errors that match no
 * form item, and the error's own message, come back from `apply` so that the
 * form can show them in a banner instead of losing them.
 */
export function useFieldErrors(options: FieldErrorsOptions = {}) {
  const { locale } = useI18n()
  const errors = reactive<Record<string, LocalizedText>>({})
  const unplaced = reactive<FieldError[]>([])
  const known = options.props ? new Set(options.props) : null

  function propFor(field: string): string | null {
    const alias = options.aliases?.[field]
    if (alias) return alias
    if (!known || known.has(field)) return field
    const head = field.split(/[.[]/)[0] ?? field
    if (known.has(head)) return head
    return null
  }

  function clear(prop?: string) {
    if (prop === undefined) {
      for (const k of Object.keys(errors)) delete errors[k]
      unplaced.splice(0)
    } else {
      delete errors[prop]
    }
  }

  /**
   * Takes the errors of a failed call. Returns true when at least one field
   * error was placed beside a form item.
   */
  function apply(e: unknown): boolean {
    clear()
    if (!isApiError(e)) return false
    let placed = false
    for (const f of e.fields) {
      const prop = propFor(f.field)
      if (prop === null) {
        unplaced.push(f)
        continue
      }
      // Keep the first message when several fields map to one item.
      if (!errors[prop]) errors[prop] = f.message
      placed = true
    }
    return placed
  }

  /** Sets a client-side message on a prop (e.g. after a local check). */
  function set(prop: string, message: LocalizedText) {
    errors[prop] = message
  }

  function errorOf(prop: string): string {
    return pickLocalized(errors[prop], locale.value)
  }

  const hasErrors = computed(() => Object.keys(errors).length > 0 || unplaced.length > 0)

  /** Clears a prop's server error as soon as the user changes its value. */
  function clearOnChange(prop: string, source: WatchSource) {
    watch(source, () => clear(prop), { deep: true })
  }

  return { errors, unplaced, apply, set, clear, errorOf, hasErrors, clearOnChange }
}

export type FieldErrors = ReturnType<typeof useFieldErrors>
