import { createRouter, createWebHistory, type RouteLocationNormalized } from 'vue-router'
import HomeView from '@/views/HomeView.vue'

/*
 * Client routes. Every path here that is not a file is answered with index.html by the
 * web-ui server (SPA fallback), e.g. /m/{slug} from a meeting link.
 */
export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', name: 'home', component: HomeView },
    {
      path: '/m/:slug',
      name: 'meeting',
      component: () => import('@/views/MeetingView.vue'),
      props: (route: RouteLocationNormalized) => ({ slug: String(route.params.slug) }),
    },
    { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('@/views/NotFoundView.vue') },
  ],
})
