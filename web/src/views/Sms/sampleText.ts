/**
 * A template body with its `{{variables}}` replaced by typical values, so the
 * console can count a template's length before any recipient is known. The
 * server counts the real text per recipient when previewing a campaign.
 */
export const SAMPLE_VALUES: Record<string, string> = {
  name: '张三丰',
  enterprise: '江门市某电子有限公司',
  job: '普工',
  wage: '5500',
  city: '江门市',
  date: '12月1日',
  phone: '0750-1234567',
  place: '县人社局大厅',
  county: '巧家县',
  event: '春风行动招聘会',
  link: 'https://xz.example.cn/j/1',
}

const VARIABLE = /\{\{\s*([a-z_]+)\s*\}\}/g

export function sampleText(body: string, values: Record<string, string> = {}): string {
  return body.replace(VARIABLE, (_m, name: string) => values[name] || SAMPLE_VALUES[name] || name)
}

/** The distinct variables of a body, in order of first use. */
export function templateVariables(body: string): string[] {
  const out: string[] = []
  for (const m of body.matchAll(VARIABLE)) if (!out.includes(m[1]!)) out.push(m[1]!)
  return out
}
