import { describe, expect, it } from 'vitest'
import { defineComponent, h, nextTick, reactive } from 'vue'
import { mount } from '@vue/test-utils'
import { ElForm, ElFormItem, ElInput } from 'element-plus'
import { ApiError } from '@/api/http'
import { useFieldErrors, type FieldErrorsOptions } from '@/hooks/useFieldErrors'
import { makeI18n } from '@/test/setup'

const SERVER_ERROR = new ApiError(400, 'invalid_argument', { zh: '请修改标红的字段。', en: 'Correct the fields.' }, [
  { field: 'id_number', message: { zh: '公民身份号码校验位不正确', en: 'The ID number fails its check digit' } },
  { field: 'family_needs.children', message: { zh: '家庭情况无效', en: 'Invalid family needs' } },
  { field: 'mystery', message: { zh: '未知字段错误', en: 'Unknown field error' } },
])

/** Element Plus shows a form item's error after a 100 ms debounce. */
const settle = () => new Promise((r) => setTimeout(r, 150))

/** Mounts a host component and hands back the composable's result. */
function setup(options: FieldErrorsOptions = { props: ['name', 'id_number', 'family_needs'] }, locale: 'zh-CN' | 'en' = 'zh-CN') {
  const i18n = makeI18n(locale)
  let result!: ReturnType<typeof useFieldErrors>
  const Host = defineComponent({
    setup() {
      result = useFieldErrors(options)
      return () => h('div')
    },
  })
  mount(Host, { global: { plugins: [i18n] } })
  return { fe: result, i18n }
}

describe('useFieldErrors', () => {
  it('places each server field error on the form item of the same name', () => {
    const { fe } = setup()
    expect(fe.apply(SERVER_ERROR)).toBe(true)
    expect(fe.errorOf('id_number')).toBe('公民身份号码校验位不正确')
    expect(fe.errorOf('name')).toBe('')
  })

  it('maps a nested field name to its top-level form item', () => {
    const { fe } = setup()
    fe.apply(SERVER_ERROR)
    expect(fe.errorOf('family_needs')).toBe('家庭情况无效')
  })

  it('keeps field errors that match no form item as unplaced, not lost', () => {
    const { fe } = setup()
    fe.apply(SERVER_ERROR)
    expect(fe.unplaced.map((f) => f.field)).toEqual(['mystery'])
  })

  it('uses aliases for server names that differ from the form props', () => {
    const { fe } = setup({ props: ['wage_min'], aliases: { wage: 'wage_min' } })
    fe.apply(new ApiError(400, 'x', { zh: 'a', en: 'a' }, [{ field: 'wage', message: { zh: '低于最低工资', en: 'Below minimum' } }]))
    expect(fe.errorOf('wage_min')).toBe('低于最低工资')
  })

  it('follows the console language, including after a switch', async () => {
    const { fe, i18n } = setup(undefined, 'en')
    fe.apply(SERVER_ERROR)
    expect(fe.errorOf('id_number')).toBe('The ID number fails its check digit')
    i18n.global.locale.value = 'zh-CN'
    await nextTick()
    expect(fe.errorOf('id_number')).toBe('公民身份号码校验位不正确')
  })

  it('returns false and places nothing for an error without fields or a non-API error', () => {
    const { fe } = setup()
    expect(fe.apply(new ApiError(500, 'server', { zh: '出错', en: 'Failed' }))).toBe(false)
    expect(fe.apply(new Error('boom'))).toBe(false)
    expect(fe.hasErrors.value).toBe(false)
  })

  it('clears the previous errors on each apply, and one prop at a time', () => {
    const { fe } = setup()
    fe.apply(SERVER_ERROR)
    fe.clear('id_number')
    expect(fe.errorOf('id_number')).toBe('')
    expect(fe.errorOf('family_needs')).not.toBe('')
    fe.apply(new ApiError(400, 'x', { zh: 'a', en: 'a' }, [{ field: 'name', message: { zh: '姓名必填', en: 'Name' } }]))
    expect(fe.errorOf('family_needs')).toBe('')
    expect(fe.errorOf('name')).toBe('姓名必填')
  })

  it('shows the message beside the field in an el-form', async () => {
    const i18n = makeI18n('zh-CN')
    const Form = defineComponent({
      setup() {
        const model = reactive({ id_number: '', name: '' })
        const fe = useFieldErrors({ props: Object.keys(model) })
        fe.clearOnChange('id_number', () => model.id_number)
        return { model, fe }
      },
      render() {
        return h(ElForm, { model: this.model }, () => [
          h(ElFormItem, { label: '姓名', prop: 'name', error: this.fe.errorOf('name') }, () =>
            h(ElInput, { modelValue: this.model.name }),
          ),
          h(ElFormItem, { label: '证件号', prop: 'id_number', error: this.fe.errorOf('id_number') }, () =>
            h(ElInput, {
              modelValue: this.model.id_number,
              'onUpdate:modelValue': (v: string) => (this.model.id_number = v),
            }),
          ),
        ])
      },
    })
    const wrapper = mount(Form, { global: { plugins: [i18n] } })
    wrapper.vm.fe.apply(SERVER_ERROR)
    await settle()
    const items = wrapper.findAll('.el-form-item')
    expect(items[1]!.classes()).toContain('is-error')
    expect(items[1]!.find('.el-form-item__error').text()).toBe('公民身份号码校验位不正确')
    expect(items[0]!.find('.el-form-item__error').exists()).toBe(false)

    // Editing the field clears its server error.
    await items[1]!.find('input').setValue('53062219900101')
    await settle()
    expect(wrapper.findAll('.el-form-item')[1]!.find('.el-form-item__error').exists()).toBe(false)
  })
})
