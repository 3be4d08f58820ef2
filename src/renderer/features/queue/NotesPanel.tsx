import { Button, Group, Paper, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAction } from '../../app/action';
import { useClock } from '../../app/clock';
import { useWorkstationDb } from '../../app/database';
import { formatInstant } from '../../app/format';
import type { NoteRecord } from '../../db/records';

/** Internal notes (counsellors only): the stored ones, read live, and a new one. */
export function NotesPanel({
  threadId,
  notes,
  names,
}: {
  threadId: string;
  notes: NoteRecord[];
  names: ReadonlyMap<string, string>;
}) {
  const { t, i18n } = useTranslation();
  const { queue, counsellorId } = useWorkstationDb();
  const clock = useClock();
  const [note, setNote] = useState('');
  const add = useAction('thread.add-note', (body: string) =>
    queue.addNote(threadId, body, counsellorId, clock.now().getTime()),
  );
  return (
    <>
      {notes.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('thread.notesNone')}
        </Text>
      ) : (
        notes.map((n) => (
          <Paper key={n.id} withBorder p="xs">
            <Text size="xs" c="dimmed">
              {names.get(n.authorId ?? '') ?? '—'} · {formatInstant(n.createdAt, i18n.language)} JST
            </Text>
            <Text size="sm" className="cw-message-body">
              {n.body}
            </Text>
          </Paper>
        ))
      )}
      <Group align="flex-end" gap="xs">
        <Textarea
          label={t('thread.newNote')}
          placeholder={t('thread.notePlaceholder')}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          autosize
          minRows={1}
          style={{ flex: 1 }}
        />
        <Button
          variant="default"
          disabled={note.trim() === ''}
          loading={add.busy}
          onClick={() =>
            void add.run(note).then((added) => {
              // The note stays in the field when it could not be stored.
              if (added !== undefined) setNote('');
            })
          }
        >
          {t('thread.addNote')}
        </Button>
      </Group>
    </>
  );
}
