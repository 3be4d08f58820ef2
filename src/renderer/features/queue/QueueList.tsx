import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CounsellorRecord } from '../../db/records';
import { QueueRowView, ROW_HEIGHT } from './QueueRow';
import { useSubjects, type QueueRow } from './useQueue';

export interface QueueListProps {
  rows: QueueRow[];
  counsellors: Map<string, CounsellorRecord>;
  activeIndex: number;
  openId: string | null;
  onActiveIndex(index: number): void;
  onOpen(id: string): void;
  onKey(key: string, row: QueueRow): void;
}

/** The virtualised list of open threads; only the rows on screen exist (and load their subjects). */
export function QueueList({
  rows,
  counsellors,
  activeIndex,
  openId,
  onActiveIndex,
  onOpen,
  onKey,
}: QueueListProps) {
  const { t } = useTranslation();
  const parentRef = useRef<HTMLDivElement>(null);
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

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const current = rows[activeIndex];
    const move = (to: number) => {
      event.preventDefault();
      onActiveIndex(Math.max(0, Math.min(rows.length - 1, to)));
    };
    switch (event.key) {
      case 'ArrowDown':
      case 'j':
        return move(activeIndex + 1);
      case 'ArrowUp':
      case 'k':
        return move(activeIndex - 1);
      case 'Home':
        return move(0);
      case 'End':
        return move(rows.length - 1);
      case 'PageDown':
        return move(activeIndex + 10);
      case 'PageUp':
        return move(activeIndex - 10);
      case 'Enter':
      case 'o':
        if (current) {
          event.preventDefault();
          onOpen(current.thread.id);
        }
        return;
      default:
        if (current && ['t', 'u', 'r'].includes(event.key)) {
          event.preventDefault();
          onKey(event.key, current);
        }
    }
  };

  const active = rows[activeIndex];
  return (
    <div
      ref={parentRef}
      className="cw-queue-list"
      role="listbox"
      aria-label={t('queue.listLabel')}
      tabIndex={0}
      aria-activedescendant={active ? `thread-${active.thread.id}` : undefined}
      onKeyDown={onKeyDown}
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
