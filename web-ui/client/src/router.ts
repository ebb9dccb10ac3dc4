import { createRouter, createWebHistory, type RouteLocationNormalized } from 'vue-router'
import HomeView from '@/views/HomeView.vue'
import { useSession } from '@/stores/session'
import { safeNext } from '@/views/redirect'

declare module 'vue-router' {
  interface RouteMeta {
    /** Only for signed-in users: others are sent to /login?next=… */
    requiresAuth?: boolean
    /** Only for people not signed in (log in, sign up): others go on to `next` or home. */
    guestOnly?: boolean
  }
}

/*
 * Client routes. Every path here that is not a file is answered with index.html by the
 * web-ui server (SPA fallback), e.g. /m/{slug} from a meeting link or /reset-password from
 * the password-reset mail.
 */
export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', name: 'home', component: HomeView },
    { path: '/login', name: 'login', component: () => import('@/views/LoginView.vue'), meta: { guestOnly: true } },
    { path: '/signup', name: 'signup', component: () => import('@/views/SignupView.vue'), meta: { guestOnly: true } },
    { path: '/forgot-password', name: 'forgot-password', component: () => import('@/views/ForgotPasswordView.vue') },
    { path: '/reset-password', name: 'reset-password', component: () => import('@/views/ResetPasswordView.vue') },
    { path: '/profile', name: 'profile', component: () => import('@/views/ProfileView.vue'), meta: { requiresAuth: true } },
    {
      path: '/m/:slug',
      name: 'meeting',
      component: () => import('@/views/MeetingView.vue'),
      props: (route: RouteLocationNormalized) => ({ slug: String(route.params.slug) }),
    },
    { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('@/views/NotFoundView.vue') },
  ],
})

router.beforeEach(async (to) => {
  if (!to.meta.requiresAuth && !to.meta.guestOnly) return true
  const session = useSession()
  // The first navigation waits for the session restore (refresh cookie) to know who this is.
  await session.start()
  if (to.meta.requiresAuth && !session.isLoggedIn) return { path: '/login', query: { next: to.fullPath } }
  if (to.meta.guestOnly && session.isLoggedIn) return safeNext(to.query.next)
  return true
})
