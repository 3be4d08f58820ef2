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
  const [problem, setProblem] = useState<string | null>(null);
  const add = useAction(
    'session.add-note',
    useCallback(async () => {
      try {
        await booking.log.addNote(sessionId, text, profile, clock.now().getTime());
        return true;
      } catch (e) {
        // The note's own refusals are said beside the field; anything else goes to the wrapper.
        if (!(e instanceof SessionNoteError)) throw e;
        setProblem(t(`sessions.noteErrors.${e.code}`));
        return false;
      }
    }, [booking, sessionId, text, profile, clock, t]),
    { notify: true },
  );
  const submit = async () => {
    setProblem(null);
    if ((await add.run()) === true) setText('');
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
      {problem && (
        <Alert color="red" role="alert">
          {problem}
        </Alert>
      )}
      <Button variant="default" onClick={() => void submit()} loading={add.busy} w="fit-content">
        {t('sessions.addNote')}
      </Button>
    </Stack>
  );
}
