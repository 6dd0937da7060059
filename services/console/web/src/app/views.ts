/**
 * One route per view, in the order the navigation lists them. Alerts, tasks, debrief and federation
 * slot in here, each from its own folder under views/.
 */
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { MessageId } from '../i18n/locales';

export interface ViewRoute {
  readonly path: string;
  readonly label: MessageId;
  readonly component: LazyExoticComponent<ComponentType>;
}

export const views: readonly ViewRoute[] = [
  { path: '/operations', label: 'nav.operations', component: lazy(() => import('../views/operations/operations-view')) },
  { path: '/actions', label: 'nav.actions', component: lazy(() => import('../views/actions/actions-view')) },
  { path: '/alerts', label: 'nav.alerts', component: lazy(() => import('../views/alerts/alerts-view')) },
  { path: '/timeline', label: 'nav.timeline', component: lazy(() => import('../views/timeline/timeline-view')) },
  { path: '/tasks', label: 'tasks.nav', component: lazy(() => import('../views/tasks/tasks-view')) },
  { path: '/debrief', label: 'debrief.nav', component: lazy(() => import('../views/debrief/debrief-view')) },
  { path: '/federation', label: 'nav.federation', component: lazy(() => import('../views/federation/federation-view')) },
];
