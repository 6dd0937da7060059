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
  /** Fetches the view's code; main.tsx starts it for the page being opened, beside the session and catalogue. */
  readonly load: () => Promise<{ default: ComponentType }>;
}

function route(path: string, label: MessageId, load: () => Promise<{ default: ComponentType }>): ViewRoute {
  return { path, label, component: lazy(load), load };
}

export const views: readonly ViewRoute[] = [
  route('/operations', 'nav.operations', () => import('../views/operations/operations-view')),
  route('/actions', 'nav.actions', () => import('../views/actions/actions-view')),
  route('/alerts', 'nav.alerts', () => import('../views/alerts/alerts-view')),
  route('/timeline', 'nav.timeline', () => import('../views/timeline/timeline-view')),
  route('/tasks', 'tasks.nav', () => import('../views/tasks/tasks-view')),
  route('/debrief', 'debrief.nav', () => import('../views/debrief/debrief-view')),
  route('/federation', 'nav.federation', () => import('../views/federation/federation-view')),
];
