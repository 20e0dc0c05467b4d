/** Tag colours of the enums, kept together so lists and details agree. */
export const CATEGORY_TAGS = {
  poverty_alleviated: 'warning',
  relocated: 'primary',
  disabled: 'danger',
  general: 'info',
} as const

export const WORKER_STATUS_TAGS = {
  available: 'primary',
  placed: 'success',
  not_seeking: 'info',
} as const

export const POSTING_STATUS_TAGS = {
  draft: 'info',
  submitted: 'warning',
  verified: 'primary',
  rejected: 'danger',
  published: 'success',
  filled: 'info',
  expired: 'info',
} as const
