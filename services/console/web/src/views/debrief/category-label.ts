/** The viewer's words for an outcome or lesson category the services name in kebab case. */
import { useCallback } from 'react';
import { useIntl } from 'react-intl';

export function useCategoryLabel(prefix: 'debrief.outcome' | 'debrief.lessonCategory' = 'debrief.outcome'): (category: string) => string {
  const intl = useIntl();
  // A category a newer service adds reads as its own name rather than failing the view.
  return useCallback((category: string) => intl.formatMessage({ id: `${prefix}.${category}`, defaultMessage: category }), [intl, prefix]);
}
