import { Alert, Grid, Group, Loader, Stack, Text } from '@mantine/core';
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAction } from '../../app/action';
import { useClock, useNow } from '../../app/clock';
import { useWorkstationDb } from '../../app/database';
import { useDesktopCommand } from '../../app/desktop';
import { routeHref } from '../../app/routes';
import { ImportDialog } from '../import/ImportDialog';
import { useImport } from '../import/useImport';
import { KeysHelp } from './KeysHelp';
import { QueueFilterBar } from './QueueFilterBar';
import { QueueHeader } from './QueueHeader';
import { QueueList } from './QueueList';
import { ThreadPane, type ThreadPaneHandle } from './ThreadPane';
import {
  DEFAULT_FILTERS,
  showsAnswered,
  useAnsweredThreads,
  useCounsellors,
  useOpenThreads,
  useQueueRows,
  type QueueFilters,
  type QueueRow,
} from './useQueue';
import { useActiveRow, useQueueKeys, type RowCommand } from './useQueueKeys';
import './queue.css';

function openThreadId(path: string): string | null {
  const match = /^\/queue\/([^/?]+)/.exec(path);
  return match ? decodeURIComponent(match[1]!) : null;
}

// Imported data shows by itself (the queue reads live): nothing to refresh after an import.
const NOTHING_TO_REFRESH = () => {};

/** The mail queue: header, filters, the list of threads and the open thread, side by side. */
export function QueuePage({ path }: { path: string }) {
  const { t } = useTranslation();
  const { queue, counsellorId } = useWorkstationDb();
  const now = useNow();
  const clock = useClock();
  const { threads, error } = useOpenThreads();
  const counsellors = useCounsellors();
  const [filters, setFilters] = useState<QueueFilters>(DEFAULT_FILTERS);
  const [importOpen, setImportOpen] = useState(false);
  const [keysOpen, setKeysOpen] = useState(false);
  // The thread whose reply box takes the focus once it is open (the `r` key).
  const [replyFocusFor, setReplyFocusFor] = useState<string | null>(null);
  const paneRef = useRef<ThreadPaneHandle>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  // From the menu (Search the Queue…) and from a dataset file opened on the desktop.
  const focusSearch = useCallback(() => searchRef.current?.focus(), []);
  const openImport = useCallback(() => setImportOpen(true), []);
  const showKeys = useCallback(() => setKeysOpen(true), []);
  useDesktopCommand('find-in-queue', focusSearch);
  useDesktopCommand('import-dataset', openImport);
  const openId = openThreadId(path);
  const importApi = useImport(NOTHING_TO_REFRESH);

  const { answered, error: answeredError } = useAnsweredThreads(showsAnswered(filters.status));
  const { rows, all } = useQueueRows(threads, answered, filters, now.getTime(), counsellorId);
  const byId = useMemo(() => new Map(counsellors.map((c) => [c.id, c])), [counsellors]);
  const { activeIndex, setActiveIndex } = useActiveRow(rows);

  const open = useCallback((id: string) => {
    window.location.hash = routeHref('queue') + `/${encodeURIComponent(id)}`;
  }, []);
  const close = useCallback(() => {
    window.location.hash = routeHref('queue');
    listRef.current?.focus();
  }, []);

  const take = useAction('thread.take', (threadId: string, me: string) =>
    queue.take(threadId, me, clock.now().getTime()),
  );
  const markUrgent = useAction('thread.set-risk', (row: QueueRow, me: string) =>
    queue.setRisk(
      row.thread.id,
      row.thread.risk === 'urgent' ? 'routine' : 'urgent',
      me,
      clock.now().getTime(),
    ),
  );
  const { run: runTake } = take;
  const { run: runMarkUrgent } = markUrgent;
  const onCommand = useCallback(
    (command: RowCommand, row: QueueRow) => {
      if (command === 't' && counsellorId) void runTake(row.thread.id, counsellorId);
      if (command === 'u' && counsellorId) void runMarkUrgent(row, counsellorId);
      if (command === 'r') {
        if (row.thread.id === openId) paneRef.current?.focusReply();
        else {
          setReplyFocusFor(row.thread.id);
          open(row.thread.id);
        }
      }
    },
    [counsellorId, runTake, runMarkUrgent, open, openId],
  );
  useQueueKeys({
    rows,
    activeIndex,
    setActiveIndex,
    listRef,
    searchRef,
    onOpen: open,
    onCommand,
    onShowKeys: showKeys,
  });

  // The list has the focus when the queue opens (the keys work without it too).
  const hasRows = rows !== null && rows.length > 0;
  useEffect(() => {
    if (hasRows && document.activeElement === document.body) listRef.current?.focus();
  }, [hasRows]);

  const tags = useMemo(
    () => [...new Set((threads ?? []).flatMap((th) => th.tags))].sort(),
    [threads],
  );
  const filtered =
    JSON.stringify({ ...filters, matching: filters.matching ? 1 : 0 }) !==
    JSON.stringify({ ...DEFAULT_FILTERS, matching: 0 });

  // A dataset file dropped anywhere on the queue is imported, as from Queue → Import.
  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    const file = event.dataTransfer.files[0];
    if (!file) return;
    event.preventDefault();
    setImportOpen(true);
    void importApi.start(file);
  };

  return (
    <Stack
      gap="sm"
      onDragOver={(event) => {
        if (event.dataTransfer.types.includes('Files')) event.preventDefault();
      }}
      onDrop={onDrop}
    >
      <QueueHeader counsellors={counsellors} onImport={openImport} onShowKeys={showKeys} />
      <QueueFilterBar
        filters={filters}
        setFilters={setFilters}
        counsellors={counsellors}
        tags={tags}
        searchRef={searchRef}
      />
      <Group justify="space-between">
        <Text size="xs" c="dimmed" data-testid="queue-count">
          {rows
            ? t(showsAnswered(filters.status) ? 'queue.countWithAnswered' : 'queue.count', {
                shown: rows.length,
                total: all?.length ?? 0,
              })
            : ''}
        </Text>
        <Text size="xs" c="dimmed">
          {t('queue.shortcuts')}
        </Text>
      </Group>

      {(error ?? answeredError) && <Alert color="red">{t('queue.loadFailed')}</Alert>}
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: openId ? 5 : 12 }}>
          {rows === null ? (
            <Group gap="xs" role="status">
              <Loader size="xs" aria-hidden />
              <Text size="sm">{t('queue.loading')}</Text>
            </Group>
          ) : rows.length === 0 ? (
            <Alert color="gray" data-testid="queue-empty">
              {showsAnswered(filters.status)
                ? t('queue.emptyFilteredAll')
                : filtered || (all?.length ?? 0) > 0
                  ? t('queue.emptyFiltered')
                  : t('queue.empty')}
            </Alert>
          ) : (
            <QueueList
              rows={rows}
              counsellors={byId}
              activeIndex={activeIndex}
              openId={openId}
              nowMs={now.getTime()}
              onActiveIndex={setActiveIndex}
              onOpen={open}
              listRef={listRef}
            />
          )}
        </Grid.Col>
        {openId && (
          <Grid.Col span={{ base: 12, md: 7 }}>
            <ThreadPane
              key={openId}
              ref={paneRef}
              threadId={openId}
              counsellors={counsellors}
              focusReplyOnOpen={replyFocusFor === openId}
              onClose={close}
            />
          </Grid.Col>
        )}
      </Grid>
      <ImportDialog opened={importOpen} onClose={() => setImportOpen(false)} api={importApi} />
      <KeysHelp opened={keysOpen} onClose={() => setKeysOpen(false)} />
    </Stack>
  );
}
