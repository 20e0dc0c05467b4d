import samples from './samples.json'

/**
 * Typical values of the variables. Data, not console text: messages go out
 * in Chinese whatever the console's language.
 */
export const SAMPLE_VALUES: Record<string, string> = samples

const VARIABLE = /\{\{\s*([a-z_]+)\s*\}\}/g

/**
 * A template body with its `{{variables}}` replaced by typical values, so the
 * console can count a template's length before any recipient is known. The
 * server counts the real text per recipient when previewing a campaign.
 * `values` first (what the sender typed), then `typical`, else the name.
 */
export function sampleText(
  body: string,
  values: Record<string, string> = {},
  typical: Record<string, string> = SAMPLE_VALUES,
): string {
  return body.replace(VARIABLE, (_m, name: string) => values[name] || typical[name] || name)
}

/** The distinct variables of a body, in order of first use. */
export function templateVariables(body: string): string[] {
  const out: string[] = []
  for (const m of body.matchAll(VARIABLE)) if (!out.includes(m[1]!)) out.push(m[1]!)
  return out
}
