import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import MaskedText from '@/components/MaskedText/MaskedText.vue'
import { makeI18n } from '@/test/setup'

function render(kind: 'id' | 'phone', value: string | null, locale: 'zh-CN' | 'en' = 'zh-CN') {
  return mount(MaskedText, { props: { kind, value }, global: { plugins: [makeI18n(locale)] } })
}

describe('MaskedText', () => {
  it('shows a masked ID number as the server sent it', () => {
    const w = render('id', '530622********1234')
    expect(w.text()).toBe('530622********1234')
    expect(w.attributes('data-test')).toBe('id-number')
  })

  it('masks an unmasked ID number instead of showing it', () => {
    const w = render('id', '11010519491231002X')
    expect(w.text()).toBe('110105********002X')
    expect(w.text()).not.toContain('19491231')
  })

  it('shows a masked phone and masks an unmasked one', () => {
    expect(render('phone', '138****5678').text()).toBe('138****5678')
    expect(render('phone', '13812345678').text()).toBe('138****5678')
    expect(render('phone', '+86 138 1234 5678').text()).toBe('138****5678')
  })

  it('says "not registered" for a worker without a phone, in the current language', () => {
    expect(render('phone', null).text()).toBe('未登记')
    expect(render('phone', null, 'en').text()).toBe('None')
    expect(render('phone', null).classes()).toContain('masked--none')
  })
})
