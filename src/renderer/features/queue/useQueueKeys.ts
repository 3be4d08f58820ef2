/**
 * The queue's keyboard (Front's and Superhuman's model): the keys work as soon as the queue is
 * shown, wherever the focus is, except while typing in a field or inside a dialog.
 *
 * - j / k (and ↑ ↓, Home, End, Page keys on the list) move the highlight; Enter or o opens.
 * - t takes the highlighted thread, u marks it urgent (or back), r opens it at the reply box.
 * - / goes to search; Esc leaves a field (search, reply, note…) and returns to the list; ? shows
 *   the keys.
 *
 * The highlight belongs to a thread, not to a place in the list: when the thread moves in the
 * order (marked urgent, taken, a deadline passing), the highlight moves with it. When it leaves the
 * list (answered, filtered out), the row that took its place is highlighted.
 */
import { useEffect, useState, type RefObject } from 'react';
import type { QueueRow } from './useQueue';

export type RowCommand = 't' | 'u' | 'r';

/** The highlighted row, kept on the same thread as the rows change. */
export function useActiveRow(rows: readonly QueueRow[] | null) {
  const [active, setActive] = useState<{ id: string | null; index: number }>({
    id: null,
    index: 0,
  });
  const list = rows ?? [];
  let index = active.id === null ? -1 : list.findIndex((row) => row.thread.id === active.id);
  if (index === -1) index = Math.max(0, Math.min(active.index, list.length - 1));
  const id = list[index]?.thread.id ?? null;
  // Adjusted during render when the rows changed under the highlight (no effect, no flash).
  if (list.length > 0 && (id !== active.id || index !== active.index)) setActive({ id, index });
  const setIndex = (to: number) => {
    const clamped = Math.max(0, Math.min(list.length - 1, to));
    setActive({ id: list[clamped]?.thread.id ?? null, index: clamped });
  };
  return { activeIndex: index, setActiveIndex: setIndex };
}

/** True where a key is text being typed (or a widget's own key), not a queue command. */
function isTyping(target: HTMLElement): boolean {
  return (
    target.isContentEditable ||
    target.tagName === 'TEXTAREA' ||
    target.tagName === 'SELECT' ||
    (target.tagName === 'INPUT' &&
      !['checkbox', 'radio', 'button'].includes((target as HTMLInputElement).type))
  );
}

export interface QueueKeys {
  rows: readonly QueueRow[] | null;
  activeIndex: number;
  setActiveIndex(index: number): void;
  listRef: RefObject<HTMLDivElement | null>;
  searchRef: RefObject<HTMLInputElement | null>;
  onOpen(id: string): void;
  onCommand(command: RowCommand, row: QueueRow): void;
  onShowKeys(): void;
}

export function useQueueKeys(keys: QueueKeys) {
  const { rows, activeIndex, setActiveIndex, listRef, searchRef, onOpen, onCommand, onShowKeys } =
    keys;
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) return;
      const target = event.target instanceof HTMLElement ? event.target : document.body;
      // A dialog (the keys, import) and an open dropdown keep their own keys.
      if (target.closest('[role="dialog"]') || target.getAttribute('aria-expanded') === 'true')
        return;
      if (isTyping(target)) {
        if (event.key === 'Escape') {
          event.preventDefault();
          target.blur();
          listRef.current?.focus();
        }
        return;
      }
      const onList = target === document.body || target === listRef.current;
      const list = rows ?? [];
      const current = list[activeIndex];
      const move = (to: number) => {
        event.preventDefault();
        setActiveIndex(to);
        listRef.current?.focus();
      };
      switch (event.key) {
        case '/':
          event.preventDefault();
          searchRef.current?.focus();
          return;
        case '?':
          event.preventDefault();
          onShowKeys();
          return;
        case 'j':
          return move(activeIndex + 1);
        case 'k':
          return move(activeIndex - 1);
        case 't':
        case 'u':
        case 'r':
          if (current) {
            event.preventDefault();
            onCommand(event.key, current);
          }
          return;
      }
      if (!onList) return;
      switch (event.key) {
        case 'ArrowDown':
          return move(activeIndex + 1);
        case 'ArrowUp':
          return move(activeIndex - 1);
        case 'Home':
          return move(0);
        case 'End':
          return move(list.length - 1);
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
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [rows, activeIndex, setActiveIndex, listRef, searchRef, onOpen, onCommand, onShowKeys]);
}
