import { describe, expect, it } from 'vitest'
import { sampleText, templateVariables } from '../sampleText'

const SAMPLES = { name: '张三丰', enterprise: '江门市某电子有限公司', job: '普工' }

describe('sampleText', () => {
  it('fills each variable with a typical value so the length can be counted', () => {
    expect(sampleText('{{name}}您好，{{enterprise}}招{{job}}', {}, SAMPLES)).toBe('张三丰您好，江门市某电子有限公司招普工')
  })

  it('prefers the values given and tolerates spaces inside the braces', () => {
    expect(sampleText('{{ job }}，月薪{{wage}}元', { wage: '6000' }, SAMPLES)).toBe('普工，月薪6000元')
  })

  it('keeps the name of a variable it has no value for', () => {
    expect(sampleText('{{county}}招聘会', {}, SAMPLES)).toBe('county招聘会')
  })

  it('leaves text without variables as it is', () => {
    expect(sampleText('明天上午九点县人社局招聘会', {}, SAMPLES)).toBe('明天上午九点县人社局招聘会')
  })
})

describe('templateVariables', () => {
  it('lists the distinct variables in order of first use', () => {
    expect(templateVariables('{{name}}，{{job}}，{{name}}，{{wage}}')).toEqual(['name', 'job', 'wage'])
  })
})
