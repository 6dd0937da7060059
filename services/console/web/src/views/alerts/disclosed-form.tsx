/**
 * A form closed under its title until wanted: an inbox of open forms would bury the alerts themselves.
 * The title names the form for assistive technology too.
 */
import type { FormEvent, ReactNode } from 'react';

export function DisclosedForm({ title, onSubmit, children }: { readonly title: string; readonly onSubmit: (event: FormEvent) => void; readonly children: ReactNode }) {
  return (
    <details className="panel">
      <summary>{title}</summary>
      <form onSubmit={onSubmit} noValidate aria-label={title}>
        {children}
      </form>
    </details>
  );
}
