/**
 * The parts the cards of Settings → Security share: a card, its status line and progress bar, the
 * operation hook (busy, outcome), the one-at-a-time rule for rotation, backup and restore, and
 * the words of a refused passphrase.
 */
import { Alert, Card, Progress, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconCheck } from '@tabler/icons-react';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { actionFailed } from '../../app/action';
import { useWorkstationDb } from '../../app/database';

export type Status =
  { kind: 'idle' } | { kind: 'ok'; text: string } | { kind: 'error'; text: string };

export function StatusLine({ status, testId }: { status: Status; testId: string }) {
  if (status.kind === 'idle') return null;
  return (
    <Alert
      color={status.kind === 'ok' ? 'teal' : 'red'}
      icon={
        status.kind === 'ok' ? <IconCheck size={16} aria-hidden /> : <IconAlertTriangle size={16} />
      }
      role={status.kind === 'ok' ? 'status' : 'alert'}
      py="xs"
      data-testid={testId}
    >
      {status.text}
    </Alert>
  );
}

/** One card of the section: its title and explanation, then its fields (a form if it submits). */
export function SecurityCard({
  title,
  explain,
  maw,
  onSubmit,
  children,
}: {
  title: string;
  explain: string;
  maw: number;
  onSubmit?: (event: FormEvent) => void;
  children: ReactNode;
}) {
  const body = (
    <Stack gap="sm" maw={maw}>
      <Title order={2} size="h4">
        {title}
      </Title>
      <Text size="sm" c="dimmed">
        {explain}
      </Text>
      {children}
    </Stack>
  );
  return (
    <Card withBorder padding="md">
      {onSubmit ? (
        <form onSubmit={onSubmit} noValidate>
          {body}
        </form>
      ) : (
        body
      )}
    </Card>
  );
}

export function ProgressBar({ progress, label }: { progress: WorkProgress | null; label: string }) {
  if (progress === null) return null;
  return (
    <Progress
      value={progress.total ? (progress.done / progress.total) * 100 : 0}
      aria-label={label}
    />
  );
}

export type WorkProgress = { done: number; total: number };

/**
 * A card's operation: busy while it runs, its outcome (or error) as the status line. With
 * `exclusive`, it waits for no other rotation, backup or restore: it refuses while one runs
 * (the page's one rule, app/connection.tsx). A failure takes the action wrapper's path: logged
 * with its kind only (app/action.ts), worded by `describe` or else as every action's failure.
 */
export function useOperation(describe?: (error: unknown) => string | null) {
  const { t } = useTranslation();
  const { exclusively } = useWorkstationDb();
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const run = async (task: () => Promise<Status>, options: { exclusive?: boolean } = {}) => {
    setBusy(true);
    setStatus({ kind: 'idle' });
    try {
      const outcome = options.exclusive ? await exclusively(task) : await task();
      setStatus(outcome === 'busy' ? { kind: 'error', text: t('security.busy') } : outcome);
    } catch (error) {
      setStatus({ kind: 'error', text: actionFailed('security.operation', error, t, describe) });
    } finally {
      setBusy(false);
    }
  };
  return { busy, status, setStatus, run };
}

export function useRefusal() {
  const { t } = useTranslation();
  return (result: { ok: boolean; retryAfterMs: number | null }) =>
    result.retryAfterMs === null
      ? t('vault.wrongPassphrase')
      : t('vault.lockedOut', { seconds: Math.ceil(result.retryAfterMs / 1000) });
}
