import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router'
import type { Role } from '@/api/auth/types'
import { onUnauthorized } from '@/api/http'
import { useUserStore } from '@/store/modules/user'
import { can, homeRouteName, type Permission } from './access'
import MainLayout from '@/layout/MainLayout.vue'

declare module 'vue-router' {
  interface RouteMeta {
    /** i18n key of the page title (breadcrumb, menu, document title). */
    titleKey?: string
    /** Title key for particular roles (enterprise HR sees workers as "applicants"). */
    titleKeyByRole?: Partial<Record<Role, string>>
    /** Who may open the page; absent for public pages. */
    permission?: Permission
    /** Shown in the side menu, with this icon name. */
    menuIcon?: string
    /** Route name of the menu item to highlight for a child page. */
    activeMenu?: string
    /** Breadcrumb parent route name. */
    parent?: string
    public?: boolean
  }
}

export const appRoutes: RouteRecordRaw[] = [
  {
    path: 'dashboard',
    name: 'dashboard',
    component: () => import('@/views/Dashboard/DashboardView.vue'),
    meta: { titleKey: 'menu.dashboard', permission: 'dashboard', menuIcon: 'DataLine' },
  },
  {
    path: 'workers',
    name: 'workers',
    component: () => import('@/views/Workers/WorkerList.vue'),
    meta: {
      titleKey: 'menu.workers',
      titleKeyByRole: { enterprise_hr: 'menu.applicants' },
      permission: 'workers',
      menuIcon: 'User',
    },
  },
  {
    path: 'workers/new',
    name: 'worker-create',
    component: () => import('@/views/Workers/WorkerForm.vue'),
    meta: { titleKey: 'menu.workerCreate', permission: 'workerEdit', activeMenu: 'workers', parent: 'workers' },
  },
  {
    path: 'workers/:id',
    name: 'worker-detail',
    component: () => import('@/views/Workers/WorkerDetail.vue'),
    props: true,
    meta: { titleKey: 'menu.workerDetail', permission: 'workers', activeMenu: 'workers', parent: 'workers' },
  },
  {
    path: 'workers/:id/edit',
    name: 'worker-edit',
    component: () => import('@/views/Workers/WorkerForm.vue'),
    props: true,
    meta: { titleKey: 'menu.workerEdit', permission: 'workerEdit', activeMenu: 'workers', parent: 'workers' },
  },
  {
    // A menu entry for the phone page, which lives outside the layout.
    path: 'workers-phone',
    name: 'worker-mobile-menu',
    redirect: { name: 'worker-mobile' },
    meta: { titleKey: 'verification.menu.workerMobile', permission: 'workerEdit', menuIcon: 'Iphone' },
  },
  {
    path: 'enterprises',
    name: 'enterprises',
    component: () => import('@/views/Enterprises/EnterpriseList.vue'),
    meta: { titleKey: 'menu.enterprises', permission: 'enterprises', menuIcon: 'OfficeBuilding' },
  },
  {
    path: 'postings',
    name: 'postings',
    component: () => import('@/views/Postings/PostingList.vue'),
    meta: { titleKey: 'menu.postings', permission: 'postings', menuIcon: 'Tickets' },
  },
  {
    path: 'postings/new',
    name: 'posting-create',
    component: () => import('@/views/Postings/PostingForm.vue'),
    meta: { titleKey: 'menu.postingCreate', permission: 'postingCreate', activeMenu: 'postings', parent: 'postings' },
  },
  {
    path: 'postings/:id',
    name: 'posting-detail',
    component: () => import('@/views/Postings/PostingDetail.vue'),
    props: true,
    meta: { titleKey: 'menu.postingDetail', permission: 'postings', activeMenu: 'postings', parent: 'postings' },
  },
  {
    path: 'imports',
    name: 'imports',
    component: () => import('@/views/Imports/ImportsView.vue'),
    meta: { titleKey: 'imports.title', permission: 'imports', menuIcon: 'Upload' },
  },
  {
    path: 'lists',
    name: 'lists',
    component: () => import('@/views/Lists/ListsView.vue'),
    meta: { titleKey: 'verification.menu.lists', permission: 'lists', menuIcon: 'Calendar' },
  },
  {
    path: 'min-wages',
    name: 'min-wages',
    component: () => import('@/views/Verification/MinWageView.vue'),
    meta: { titleKey: 'verification.menu.minWages', permission: 'minWages', menuIcon: 'Money' },
  },
  {
    path: 'inspection-outline',
    name: 'inspection-outline',
    component: () => import('@/views/Verification/OutlineEditor.vue'),
    meta: { titleKey: 'verification.menu.outline', permission: 'outline', menuIcon: 'List' },
  },
  {
    path: 'match',
    name: 'match',
    component: () => import('@/views/Match/MatchRun.vue'),
    meta: { titleKey: 'match.menu.run', permission: 'matchRun', menuIcon: 'MagicStick' },
  },
  {
    path: 'match/policy',
    name: 'match-policy',
    component: () => import('@/views/Match/MatchPolicy.vue'),
    meta: { titleKey: 'match.menu.policy', permission: 'matchPolicy', menuIcon: 'SetUp' },
  },
  {
    path: 'sms',
    name: 'sms',
    component: () => import('@/views/Sms/SmsView.vue'),
    meta: { titleKey: 'sms.menu.root', permission: 'sms', menuIcon: 'Message' },
  },
  {
    path: 'sms/campaigns/:id',
    name: 'sms-campaign',
    component: () => import('@/views/Sms/CampaignDetail.vue'),
    props: true,
    meta: { titleKey: 'sms.menu.campaign', permission: 'sms', activeMenu: 'sms', parent: 'sms' },
  },
  {
    path: 'orgs',
    name: 'orgs',
    component: () => import('@/views/Orgs/OrgsView.vue'),
    meta: { titleKey: 'menu.orgs', permission: 'orgs', menuIcon: 'Share' },
  },
  {
    path: 'users',
    name: 'users',
    component: () => import('@/views/Users/UserList.vue'),
    meta: { titleKey: 'menu.users', permission: 'users', menuIcon: 'Avatar' },
  },
  {
    path: 'audit',
    name: 'audit',
    component: () => import('@/views/Audit/AuditList.vue'),
    meta: { titleKey: 'menu.audit', permission: 'audit', menuIcon: 'Document' },
  },
  {
    path: 'forbidden',
    name: 'forbidden',
    component: () => import('@/views/Error/ForbiddenView.vue'),
    meta: { titleKey: 'menu.forbidden' },
  },
]

const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('@/views/Login/LoginView.vue'),
    meta: { titleKey: 'login.title', public: true },
  },
  { path: '/', name: 'root', component: MainLayout, children: appRoutes },
  // Phone pages (375 px wide): full screen, no side menu.
  {
    path: '/m/postings/:id/verify',
    name: 'posting-verify',
    component: () => import('@/views/Verification/VerifyMobile.vue'),
    props: true,
    meta: { titleKey: 'verification.mobile.title', permission: 'postingVerify' },
  },
  {
    path: '/m/workers/new',
    name: 'worker-mobile',
    component: () => import('@/views/Workers/WorkerMobile.vue'),
    meta: { titleKey: 'verification.workerMobile.title', permission: 'workerEdit' },
  },
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('@/views/Error/NotFoundView.vue'),
    meta: { titleKey: 'menu.notFound', public: true },
  },
]

// Hash history: the server serves web/dist at / and needs no fallback rule for
// deep links or reloads.
export const router = createRouter({
  history: createWebHashHistory(),
  routes,
  scrollBehavior: () => ({ top: 0 }),
})

router.beforeEach(async (to) => {
  const store = useUserStore()
  if (to.meta.public) {
    if (to.name === 'login' && store.isSignedIn) return { name: homeRouteName(store.user!.role) }
    return true
  }
  const user = await store.ensureSession().catch(() => null)
  if (!user) {
    return { name: 'login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } }
  }
  if (to.name === 'root') return { name: homeRouteName(user.role) }
  if (to.meta.permission && !can(user.role, to.meta.permission)) return { name: 'forbidden' }
  return true
})

export function titleKeyFor(meta: { titleKey?: string; titleKeyByRole?: Partial<Record<Role, string>> }, role: Role | null) {
  return (role && meta.titleKeyByRole?.[role]) || meta.titleKey || 'app.name'
}

/** Any 401 from an API call: forget the session and go to the sign-in page. */
export function installUnauthorizedRedirect(): void {
  onUnauthorized(() => {
    const store = useUserStore()
    store.expire()
    const current = router.currentRoute.value
    if (current.name !== 'login') {
      void router.replace({ name: 'login', query: { redirect: current.fullPath } })
    }
  })
}
