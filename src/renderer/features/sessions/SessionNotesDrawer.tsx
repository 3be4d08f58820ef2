/** The notes of one session: read them, add one. Notes never leave the workstation in an export. */
import { Alert, Button, Drawer, Stack, Text, Textarea, Paper } from '@mantine/core';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAction } from '../../app/action';
import { useClock } from '../../app/clock';
import { useData } from '../../app/data';
import { useWorkstationDb } from '../../app/database';
import { formatInstant } from '../../app/format';
import {
  SESSION_NOTE_MAX,
  SessionNoteError,
  type SessionLogRow,
} from '../../db/repositories/session-log';

export function SessionNotesDrawer({
  row,
  onClose,
}: {
  row: SessionLogRow | null;
  onClose(): void;
}) {
  const { t, i18n } = useTranslation();
  return (
    <Drawer
      opened={row !== null}
      onClose={onClose}
      position="right"
      size="md"
      title={
        row
          ? t('sessions.notesFor', {
              when: formatInstant(row.session.startMs, i18n.language),
              participant: row.participantName,
            })
          : ''
      }
      closeButtonProps={{ 'aria-label': t('app.close') }}
    >
      {row !== null && <SessionNotes sessionId={row.session.id} />}
    </Drawer>
  );
}

function SessionNotes({ sessionId }: { sessionId: string }) {
  const { t, i18n } = useTranslation();
  const { booking, profile } = useWorkstationDb();
  const clock = useClock();
  const { data: notes } = useData('sessions.notes', () => booking.log.notes(sessionId), [
    booking,
    sessionId,
  ]);
  const [text, setText] = useState('');
  const add = useAction(
    'session.add-note',
    useCallback(
      () => booking.log.addNote(sessionId, text, profile, clock.now().getTime()),
      [booking, sessionId, text, profile, clock],
    ),
    {
      // The note's own refusals are worded by their code; both they and any other failure are
      // said beside the field.
      notify: false,
      describe: (e) => (e instanceof SessionNoteError ? t(`sessions.noteErrors.${e.code}`) : null),
    },
  );
  const submit = async () => {
    const added = await add.run();
    if (added !== undefined) setText('');
  };

  return (
    <Stack gap="sm" data-testid="session-notes">
      {notes !== undefined && notes.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('sessions.noNotes')}
        </Text>
      )}
      {notes?.map((n) => (
        <Paper key={n.id} withBorder p="xs">
          <Text size="xs" c="dimmed">
            {t('sessions.noteBy', {
              author: n.authorProfile,
              time: formatInstant(n.createdAt, i18n.language),
            })}
          </Text>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {n.body}
          </Text>
        </Paper>
      ))}
      <Textarea
        label={t('sessions.newNote')}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        autosize
        minRows={3}
        maxLength={SESSION_NOTE_MAX}
      />
      {add.error && (
        <Alert color="red" role="alert">
          {add.error}
        </Alert>
      )}
      <Button variant="default" onClick={() => void submit()} loading={add.busy} w="fit-content">
        {t('sessions.addNote')}
      </Button>
    </Stack>
  );
}
