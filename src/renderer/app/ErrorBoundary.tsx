import { Component, type ErrorInfo, type ReactNode } from 'react';
import { Alert, Button, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import i18next from 'i18next';
import { logError } from './log';

interface State {
  failed: boolean;
}

/** Keeps a failing screen from taking the whole app down; never shows the error's text (it may quote data). */
export class ErrorBoundary extends Component<{ children: ReactNode; resetKey?: string }, State> {
  override state: State = { failed: false };

  static getDerivedStateFromError(): State {
    return { failed: true };
  }

  override componentDidCatch(error: unknown, _info: ErrorInfo): void {
    // Only the kind of error: its message may quote message text or identifiers.
    logError('screen.failed', { kind: error instanceof Error ? error.name : typeof error });
  }

  override componentDidUpdate(previous: { resetKey?: string }): void {
    if (this.state.failed && previous.resetKey !== this.props.resetKey)
      this.setState({ failed: false });
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return (
      <Alert
        color="red"
        icon={<IconAlertTriangle aria-hidden />}
        title={i18next.t('error.title')}
        role="alert"
      >
        <Stack gap="sm">
          <Text size="sm">{i18next.t('error.body')}</Text>
          <Button
            variant="default"
            color="red"
            onClick={() => window.location.reload()}
            w="fit-content"
          >
            {i18next.t('error.reload')}
          </Button>
        </Stack>
      </Alert>
    );
  }
}
