import { http } from '../http'
import type { Id, ItemsResult } from '../types'
import type { Org, OrgInput, Pair, PairInput } from './types'

export const listOrgs = () => http.get<ItemsResult<Org>>('/orgs')
export const getOrg = (id: Id | string) => http.get<Org>(`/orgs/${id}`)
export const createOrg = (body: OrgInput) => http.post<Org>('/orgs', body)

export const listPairs = () => http.get<ItemsResult<Pair>>('/pairs')
export const createPair = (body: PairInput) => http.post<Pair>('/pairs', body)

export interface OrgTreeNode extends Org {
  children: OrgTreeNode[]
}

/** Builds the tree from the flat list; orgs whose parent is out of scope become roots. */
export function buildOrgTree(orgs: readonly Org[]): OrgTreeNode[] {
  const byId = new Map<Id, OrgTreeNode>()
  for (const o of orgs) byId.set(o.id, { ...o, children: [] })
  const roots: OrgTreeNode[] = []
  for (const node of byId.values()) {
    const parent = node.parent_id === null ? undefined : byId.get(node.parent_id)
    if (parent) parent.children.push(node)
    else roots.push(node)
  }
  return roots
}
