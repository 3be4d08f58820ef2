import {
  Alert,
  Badge,
  Button,
  Grid,
  Group,
  Loader,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconBell, IconCloudUpload, IconFileImport, IconSearch } from '@tabler/icons-react';
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useClock, useNow } from '../../app/clock';
import { useWorkstationDb } from '../../app/database';
import { routeHref } from '../../app/routes';
import type { CounsellorRecord } from '../../db/records';
import { ImportDialog } from '../import/ImportDialog';
import { useDesktopCommand } from '../../app/desktop';
import { useImport } from '../import/useImport';
import { QueueList } from './QueueList';
import { ThreadPane, type ThreadPaneHandle } from './ThreadPane';
import {
  DEFAULT_FILTERS,
  useOpenThreads,
  useQueueRows,
  type QueueFilters,
  type QueueRow,
} from './useQueue';
import './queue.css';

function openThreadId(path: string): string | null {
  const match = /^\/queue\/([^/?]+)/.exec(path);
  return match ? decodeURIComponent(match[1]!) : null;
}

export function QueuePage({ path }: { path: string }) {
  const { t } = useTranslation();
  const {
    queue,
    search: searchIndex,
    counsellorId,
    setCounsellorId,
    dataVersion,
    dataChanged,
  } = useWorkstationDb();
  const now = useNow();
  const clock = useClock();
  const { threads, error, replace } = useOpenThreads();
  const [filters, setFilters] = useState<QueueFilters>(DEFAULT_FILTERS);
  const [search, setSearch] = useState('');
  const [searching, setSearching] = useState(false);
  const [counsellors, setCounsellors] = useState<CounsellorRecord[]>([]);
  const [outbox, setOutbox] = useState(0);
  const [importOpen, setImportOpen] = useState(false);
  const [activeIndex, setActiveIndex] = useState(0);
  const paneRef = useRef<ThreadPaneHandle>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  // From the menu (Search the Queue…) and from a dataset file opened on the desktop.
  const focusSearch = useCallback(() => searchRef.current?.focus(), []);
  const openImport = useCallback(() => setImportOpen(true), []);
  useDesktopCommand('find-in-queue', focusSearch);
  useDesktopCommand('import-dataset', openImport);
  const openId = openThreadId(path);
  const importApi = useImport(dataChanged);
  const [canAskNotifications, setCanAskNotifications] = useState(
    () => 'Notification' in window && Notification.permission === 'default',
  );

  useEffect(() => {
    void queue.counsellors().then(setCounsellors);
  }, [queue, dataVersion]);
  useEffect(() => {
    void queue.outboxCount().then(setOutbox);
  }, [queue, threads]);

  const { rows, all } = useQueueRows(threads, filters, now.getTime(), counsellorId);
  const byId = useMemo(() => new Map(counsellors.map((c) => [c.id, c])), [counsellors]);

  // Search runs over the stored text when asked (Enter), not on each keystroke.
  const runSearch = useCallback(async () => {
    if (search.trim() === '') {
      setFilters((f) => ({ ...f, matching: null }));
      return;
    }
    setSearching(true);
    try {
      const matching = await queue.searchThreads(search);
      setFilters((f) => ({ ...f, matching }));
    } finally {
      setSearching(false);
    }
  }, [queue, search]);

  const open = useCallback((id: string) => {
    window.location.hash = routeHref('queue') + `/${encodeURIComponent(id)}`;
  }, []);
  const close = useCallback(() => {
    window.location.hash = routeHref('queue');
  }, []);

  const onKey = useCallback(
    (key: string, row: QueueRow) => {
      const nowMs = clock.now().getTime();
      if (key === 't' && counsellorId)
        void queue.assign(row.thread.id, counsellorId, nowMs).then(replace);
      if (key === 'u')
        void queue
          .setRisk(
            row.thread.id,
            row.thread.risk === 'urgent' ? 'routine' : 'urgent',
            counsellorId ?? 'unknown',
            nowMs,
          )
          .then(replace);
      if (key === 'r') {
        open(row.thread.id);
        window.setTimeout(() => paneRef.current?.focusReply(), 150);
      }
    },
    [counsellorId, queue, replace, open, clock],
  );

  useEffect(() => {
    const onSlash = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (event.key === '/' && target && !['INPUT', 'TEXTAREA'].includes(target.tagName)) {
        event.preventDefault();
        searchRef.current?.focus();
      }
    };
    window.addEventListener('keydown', onSlash);
    return () => window.removeEventListener('keydown', onSlash);
  }, []);

  const set = <K extends keyof QueueFilters>(key: K, value: QueueFilters[K]) =>
    setFilters((f) => ({ ...f, [key]: value }));
  const filtered =
    JSON.stringify({ ...filters, matching: filters.matching ? 1 : 0 }) !==
    JSON.stringify({ ...DEFAULT_FILTERS, matching: 0 });
  const tags = useMemo(
    () => [...new Set((threads ?? []).flatMap((th) => th.tags))].sort(),
    [threads],
  );

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
      <Group justify="space-between" wrap="wrap">
        <Title order={1} size="h2">
          {t('queue.title')}
        </Title>
        <Group gap="sm">
          <Select
            label={t('queue.workingAs')}
            placeholder={t('queue.workingAsNone')}
            data={counsellors.map((c) => ({ value: c.id, label: c.name }))}
            value={counsellorId}
            onChange={setCounsellorId}
            w={200}
            size="xs"
          />
          <Badge
            variant="light"
            color="gray"
            leftSection={<IconCloudUpload size={14} aria-hidden />}
            mt={20}
            data-testid="outbox"
          >
            {outbox > 0 ? t('queue.outbox', { count: outbox }) : t('queue.outboxEmpty')}
          </Badge>
          {canAskNotifications && (
            <Button
              variant="subtle"
              mt={20}
              leftSection={<IconBell size={16} aria-hidden />}
              onClick={() =>
                void Notification.requestPermission().finally(() => setCanAskNotifications(false))
              }
            >
              {t('queue.enableNotifications')}
            </Button>
          )}
          <Button
            leftSection={<IconFileImport size={16} aria-hidden />}
            variant="default"
            onClick={() => setImportOpen(true)}
            mt={20}
          >
            {t('queue.import')}
          </Button>
        </Group>
      </Group>

      <Paper withBorder p="xs">
        <Group gap="xs" wrap="wrap" align="flex-end">
          <SegmentedControl
            aria-label={t('queue.scope')}
            size="xs"
            value={filters.scope}
            onChange={(v) => set('scope', v as QueueFilters['scope'])}
            data={[
              { value: 'all', label: t('queue.scopeAll') },
              { value: 'mine', label: t('queue.scopeMine') },
              { value: 'unassigned', label: t('queue.scopeUnassigned') },
            ]}
          />
          <Select
            aria-label={t('queue.status')}
            size="xs"
            w={150}
            allowDeselect={false}
            value={filters.status}
            onChange={(v) => set('status', (v ?? 'any') as QueueFilters['status'])}
            data={[
              { value: 'any', label: t('queue.statusAny') },
              { value: 'overdue', label: t('deadline.overdue') },
              { value: 'due-soon', label: t('deadline.due-soon') },
              { value: 'on-track', label: t('deadline.on-track') },
            ]}
          />
          <Select
            aria-label={t('queue.risk')}
            size="xs"
            w={190}
            allowDeselect={false}
            value={filters.risk}
            onChange={(v) => set('risk', (v ?? 'any') as QueueFilters['risk'])}
            data={[
              { value: 'any', label: t('queue.riskAny') },
              { value: 'urgent', label: t('thread.urgent') },
              { value: 'elevated', label: t('thread.elevated') },
              { value: 'routine', label: t('thread.routine') },
              { value: 'possible', label: t('queue.riskPossible') },
            ]}
          />
          <Select
            aria-label={t('queue.language')}
            size="xs"
            w={140}
            allowDeselect={false}
            value={filters.language}
            onChange={(v) => set('language', (v ?? 'any') as QueueFilters['language'])}
            data={[
              { value: 'any', label: t('queue.languageAny') },
              { value: 'en', label: t('queue.languageEn') },
              { value: 'ja', label: t('queue.languageJa') },
            ]}
          />
          <Select
            aria-label={t('queue.counsellor')}
            placeholder={t('queue.counsellorAny')}
            size="xs"
            w={170}
            clearable
            value={filters.counsellor}
            onChange={(v) => set('counsellor', v)}
            data={counsellors.map((c) => ({ value: c.id, label: c.name }))}
          />
          <Select
            aria-label={t('queue.tag')}
            placeholder={t('queue.tagAny')}
            size="xs"
            w={130}
            clearable
            value={filters.tag}
            onChange={(v) => set('tag', v)}
            data={tags}
          />
          <TextInput
            ref={searchRef}
            aria-label={t('queue.search')}
            placeholder={t('queue.search')}
            size="xs"
            w={220}
            leftSection={
              searching ? <Loader size={12} aria-hidden /> : <IconSearch size={14} aria-hidden />
            }
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            // The text index is built (messages opened page by page) when search is first wanted.
            onFocus={() => void searchIndex.build()}
            onKeyDown={(e) => {
              if (e.key === 'Enter') void runSearch();
              if (e.key === 'Escape') {
                setSearch('');
                set('matching', null);
              }
            }}
          />
          {filtered && (
            <Button
              size="xs"
              variant="subtle"
              onClick={() => {
                setFilters(DEFAULT_FILTERS);
                setSearch('');
              }}
            >
              {t('queue.clearFilters')}
            </Button>
          )}
        </Group>
      </Paper>

      <Group justify="space-between">
        <Text size="xs" c="dimmed" data-testid="queue-count">
          {rows ? t('queue.count', { shown: rows.length, total: all?.length ?? 0 }) : ''}
        </Text>
        <Text size="xs" c="dimmed">
          {t('queue.shortcuts')}
        </Text>
      </Group>

      {error && <Alert color="red">{error}</Alert>}
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: openId ? 5 : 12 }}>
          {rows === null ? (
            <Group gap="xs" role="status">
              <Loader size="xs" aria-hidden />
              <Text size="sm">{t('queue.loading')}</Text>
            </Group>
          ) : rows.length === 0 ? (
            <Alert color="gray" data-testid="queue-empty">
              {filtered || (all?.length ?? 0) > 0 ? t('queue.emptyFiltered') : t('queue.empty')}
            </Alert>
          ) : (
            <QueueList
              rows={rows}
              counsellors={byId}
              activeIndex={Math.min(activeIndex, rows.length - 1)}
              openId={openId}
              onActiveIndex={setActiveIndex}
              onOpen={open}
              onKey={onKey}
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
              onChanged={replace}
              onClose={close}
            />
          </Grid.Col>
        )}
      </Grid>
      <ImportDialog opened={importOpen} onClose={() => setImportOpen(false)} api={importApi} />
    </Stack>
  );
}
