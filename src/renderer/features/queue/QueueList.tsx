import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { CounsellorRecord } from '../../db/records';
import { QueueRowView, ROW_HEIGHT } from './QueueRow';
import { useSubjects, type QueueRow } from './useQueue';

export interface QueueListProps {
  rows: QueueRow[];
  counsellors: Map<string, CounsellorRecord>;
  activeIndex: number;
  openId: string | null;
  /** The page's clock, for the rows' words (how late). */
  nowMs: number;
  onActiveIndex(index: number): void;
  onOpen(id: string): void;
  /** The list element (the queue's keys, useQueueKeys, move the focus to it). */
  listRef: RefObject<HTMLDivElement | null>;
}

/**
 * The virtualised list of threads; only the rows on screen exist (and load their subjects). Its
 * keys are the page's (useQueueKeys), so they work before the list has the focus.
 */
export function QueueList({
  rows,
  counsellors,
  activeIndex,
  openId,
  nowMs,
  onActiveIndex,
  onOpen,
  listRef: parentRef,
}: QueueListProps) {
  const { t } = useTranslation();
  // eslint-disable-next-line react-hooks/incompatible-library -- we do not use the React Compiler
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => parentRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });
  const items = virtualizer.getVirtualItems();
  const visibleIds = useMemo(
    () => items.map((item) => rows[item.index]?.thread.id ?? ''),
    [items, rows],
  );
  const subjects = useSubjects(visibleIds);

  useEffect(() => {
    if (activeIndex >= 0 && activeIndex < rows.length)
      virtualizer.scrollToIndex(activeIndex, { align: 'auto' });
  }, [activeIndex, rows.length, virtualizer]);

  const active = rows[activeIndex];
  return (
    <div
      ref={parentRef}
      className="cw-queue-list"
      role="listbox"
      aria-label={t('queue.listLabel')}
      tabIndex={0}
      aria-activedescendant={active ? `thread-${active.thread.id}` : undefined}
      aria-keyshortcuts="j k ArrowDown ArrowUp Enter t u r"
      data-testid="queue-list"
      style={{ height: 'calc(100vh - 250px)', minHeight: 320 }}
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {items.map((item) => {
          const row = rows[item.index]!;
          return (
            <div
              key={row.thread.id}
              style={{
                position: 'absolute',
                top: 0,
                left: 0,
                right: 0,
                transform: `translateY(${item.start}px)`,
              }}
            >
              <QueueRowView
                row={row}
                subject={subjects.get(row.thread.id)}
                assigneeName={
                  row.thread.assigneeId
                    ? (counsellors.get(row.thread.assigneeId)?.name ?? null)
                    : null
                }
                selected={row.thread.id === openId}
                active={item.index === activeIndex}
                nowMs={nowMs}
                onOpen={(id) => {
                  onActiveIndex(item.index);
                  onOpen(id);
                }}
              />
            </div>
          );
        })}
      </div>
    </div>
  );
}
