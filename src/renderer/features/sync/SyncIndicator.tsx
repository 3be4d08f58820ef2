/**
 * The header's sync indicator: the connection's state in a word or two (a live region, so a
 * change is announced politely), how many changes wait to be sent, a warning when the computer's
 * clock is off or the server was restored from a backup, and when it last synced or next tries
 * (on wide screens; in its hint always: the header is full at 1280 px when the computer is not on
 * JST). It links to Settings → Sync.
 */
import { Anchor, Group, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconAlertTriangle, IconCloudUpload } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { bridgeErrorText } from '../../app/bridge-words';
import { syncSummary, type SyncTone } from './sync-words';
import { usePendingChanges } from './usePendingChanges';
import { useServerRestored } from './ServerRestoredAlert';
import { useSyncStatus } from './useSyncStatus';
import './sync.css';

const DOT: Record<SyncTone | 'unknown', string> = {
  ok: 'var(--mantine-color-teal-7)',
  busy: 'var(--mantine-color-blue-6)',
  warn: 'var(--mantine-color-orange-7)',
  off: 'var(--mantine-color-gray-6)',
  unknown: 'var(--mantine-color-gray-6)',
};

export function SyncIndicator() {
  const { t, i18n } = useTranslation();
  const { status, error, readAtMs } = useSyncStatus();
  const pending = usePendingChanges();
  const restored = useServerRestored() !== null;
  const summary = status === null ? null : syncSummary(status, readAtMs, t, i18n.language, 'short');
  const state =
    summary?.state ?? (error === null ? t('sync.indicator.reading') : t('sync.state.unknown'));
  const tone: SyncTone | 'unknown' = summary?.tone ?? 'unknown';
  const hint =
    error !== null && status === null
      ? bridgeErrorText(error, t)
      : t('sync.indicator.hint', {
          state: summary?.when == null ? state : `${state} · ${summary.when}`,
        });

  return (
    <Tooltip label={hint} multiline maw={320}>
      <Anchor
        href="#/settings/sync"
        underline="never"
        c="inherit"
        className="cw-sync-indicator"
        data-testid="sync-indicator"
        data-state={status?.connection ?? 'unknown'}
      >
        <Group gap={6} wrap="nowrap">
          <span className="cw-sync-dot" style={{ background: DOT[tone] }} aria-hidden />
          <VisuallyHidden>{t('sync.indicator.label')} </VisuallyHidden>
          <Text size="sm" span aria-live="polite" data-testid="sync-state">
            {state}
          </Text>
          {summary?.clockOff === true && (
            <Text size="sm" span fw={600} data-testid="sync-clock-off">
              {/* The words in the text's own colour (orange text is too faint); the icon warns. */}
              <IconAlertTriangle size={14} aria-hidden className="cw-sync-warn-icon" />{' '}
              {t('sync.indicator.clockOff')}
            </Text>
          )}
          {restored && (
            <Text size="sm" span fw={600} data-testid="sync-server-restored-mark">
              <IconAlertTriangle size={14} aria-hidden className="cw-sync-warn-icon" />{' '}
              {t('sync.indicator.serverRestored')}
            </Text>
          )}
          {pending > 0 && (
            <Text size="sm" span className="cw-sync-pending" data-testid="outbox">
              <IconCloudUpload size={14} aria-hidden />
              <span aria-hidden>{pending}</span>
              <VisuallyHidden>{t('queue.outbox', { count: pending })}</VisuallyHidden>
            </Text>
          )}
          {summary?.when != null && (
            <Text size="sm" span c="dimmed" visibleFrom="xl" data-testid="sync-when">
              {summary.when}
            </Text>
          )}
        </Group>
      </Anchor>
    </Tooltip>
  );
}
