/** Keeps a view that fails to render from blanking the whole console: the shell stays, with a message. */
import { Component, type ReactNode } from 'react';
import { FormattedMessage } from 'react-intl';

interface ViewBoundaryState {
  readonly failed: boolean;
}

export class ViewBoundary extends Component<{ readonly children: ReactNode }, ViewBoundaryState> {
  override state: ViewBoundaryState = { failed: false };

  static getDerivedStateFromError(): ViewBoundaryState {
    return { failed: true };
  }

  override componentDidCatch(error: unknown): void {
    console.error('a view failed to render', error);
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return (
      <p role="alert" className="banner banner-error">
        <FormattedMessage id="view.failed" />
      </p>
    );
  }
}
