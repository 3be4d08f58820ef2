import { Button, Group, Loader, Paper, SegmentedControl, Select, TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useState, type Dispatch, type RefObject, type SetStateAction } from 'react';
import { useTranslation } from 'react-i18next';
import { useAction } from '../../app/action';
import { useWorkstationDb } from '../../app/database';
import type { CounsellorRecord } from '../../db/records';
import { DEFAULT_FILTERS, type QueueFilters } from './useQueue';

/** The queue's filters and its search (run on Enter over the stored text). */
export function QueueFilterBar({
  filters,
  setFilters,
  counsellors,
  tags,
  searchRef,
}: {
  filters: QueueFilters;
  setFilters: Dispatch<SetStateAction<QueueFilters>>;
  counsellors: CounsellorRecord[];
  tags: string[];
  searchRef: RefObject<HTMLInputElement | null>;
}) {
  const { t } = useTranslation();
  const { queue, search: searchIndex } = useWorkstationDb();
  const [search, setSearch] = useState('');
  const set = <K extends keyof QueueFilters>(key: K, value: QueueFilters[K]) =>
    setFilters((f) => ({ ...f, [key]: value }));
  // A search looks through answered threads too: from the default (open threads), it widens
  // the status to all threads, visibly in the status filter.
  const runSearch = useAction('queue.search', async (query: string) => {
    const matching = query.trim() === '' ? null : await queue.searchThreads(query);
    setFilters((f) => ({
      ...f,
      matching,
      status: matching !== null && f.status === 'open' ? 'all' : f.status,
    }));
  });
  const filtered =
    JSON.stringify({ ...filters, matching: filters.matching ? 1 : 0 }) !==
    JSON.stringify({ ...DEFAULT_FILTERS, matching: 0 });

  return (
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
          w={170}
          allowDeselect={false}
          value={filters.status}
          onChange={(v) => set('status', (v ?? 'open') as QueueFilters['status'])}
          data={[
            {
              group: t('queue.statusOpenGroup'),
              items: [
                { value: 'open', label: t('queue.statusOpen') },
                { value: 'overdue', label: t('deadline.overdue') },
                { value: 'due-soon', label: t('deadline.due-soon') },
                { value: 'on-track', label: t('deadline.on-track') },
              ],
            },
            {
              group: t('queue.statusAnsweredGroup'),
              items: [
                { value: 'answered', label: t('queue.statusAnswered') },
                { value: 'answered-on-time', label: t('deadline.answered-on-time') },
                { value: 'answered-late', label: t('deadline.answered-late') },
              ],
            },
            {
              group: t('queue.statusEverythingGroup'),
              items: [{ value: 'all', label: t('queue.statusAll') }],
            },
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
            { value: 'not-assessed', label: t('thread.notAssessed') },
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
          aria-keyshortcuts="/"
          size="xs"
          w={220}
          leftSection={
            runSearch.busy ? <Loader size={12} aria-hidden /> : <IconSearch size={14} aria-hidden />
          }
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          // The text index is built (messages opened page by page) when search is first wanted.
          onFocus={() => void searchIndex.build()}
          onKeyDown={(e) => {
            if (e.key === 'Enter') void runSearch.run(search);
            // Esc clears the search and (useQueueKeys) returns to the list.
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
  );
}
