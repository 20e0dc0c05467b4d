import { POLICY_LIMITS, POLICY_WEIGHTS, type PolicyInput } from '@/api/match/types'

/**
 * The fields of a policy form that the server would refuse, with their
 * allowed range: not an integer (empty, NaN, 2.5) or out of range. The
 * server checks again and names the field the same way ("weights.pay").
 */
export function policyProblems(p: PolicyInput): [string, readonly [number, number]][] {
  const out: [string, readonly [number, number]][] = []
  const check = (field: string, v: unknown, range: readonly [number, number]) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < range[0] || v > range[1]) out.push([field, range])
  }
  for (const w of POLICY_WEIGHTS) check(`weights.${w}`, p.weights[w], POLICY_LIMITS.weight)
  check('priority_poverty', p.priority_poverty, POLICY_LIMITS.priority_poverty)
  check('priority_disabled', p.priority_disabled, POLICY_LIMITS.priority_disabled)
  check('alpha', p.alpha, POLICY_LIMITS.alpha)
  check('k', p.k, POLICY_LIMITS.k)
  check('candidates_per_worker', p.candidates_per_worker, POLICY_LIMITS.candidates_per_worker)
  return out
}
