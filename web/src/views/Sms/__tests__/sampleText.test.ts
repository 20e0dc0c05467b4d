import { describe, expect, it } from 'vitest'
import { sampleText, templateVariables } from '../sampleText'

describe('sampleText', () => {
  it('fills each variable with a typical value so the length can be counted', () => {
    expect(sampleText('{{name}}您好，{{enterprise}}招{{job}}')).toBe('张三丰您好，江门市某电子有限公司招普工')
  })

  it('prefers the values given and tolerates spaces inside the braces', () => {
    expect(sampleText('{{ job }}，月薪{{wage}}元', { wage: '6000' })).toBe('普工，月薪6000元')
  })

  it('leaves text without variables as it is', () => {
    expect(sampleText('明天上午九点县人社局招聘会')).toBe('明天上午九点县人社局招聘会')
  })
})

describe('templateVariables', () => {
  it('lists the distinct variables in order of first use', () => {
    expect(templateVariables('{{name}}，{{job}}，{{name}}，{{wage}}')).toEqual(['name', 'job', 'wage'])
  })
})
