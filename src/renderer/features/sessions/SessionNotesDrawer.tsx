/** The notes of one session: read them, add one. Notes never leave the workstation in an export. */
import { Alert, Button, Drawer, Stack, Text, Textarea, Paper } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClock } from '../../app/clock';
import { useWorkstationDb } from '../../app/database';
import { formatInstant } from '../../app/format';
import type { SessionNoteRecord } from '../../db/records';
import {
  SESSION_NOTE_MAX,
  SessionNoteError,
  type SessionLogRepository,
  type SessionLogRow,
} from '../../db/repositories/session-log';

export function SessionNotesDrawer({
  row,
  log,
  onClose,
  onAdded,
}: {
  row: SessionLogRow | null;
  log: SessionLogRepository;
  onClose(): void;
  onAdded(): void;
}) {
  const { t, i18n } = useTranslation();
  const { profile } = useWorkstationDb();
  const clock = useClock();
  const [notes, setNotes] = useState<SessionNoteRecord[] | null>(null);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const sessionId = row?.session.id ?? null;

  useEffect(() => {
    if (sessionId === null) return;
    let cancelled = false;
    void log.notes(sessionId).then((n) => !cancelled && setNotes(n));
    return () => {
      cancelled = true;
    };
  }, [log, sessionId]);

  const close = () => {
    setNotes(null);
    setText('');
    setError(null);
    onClose();
  };

  const add = async () => {
    if (sessionId === null) return;
    setError(null);
    try {
      await log.addNote(sessionId, text, profile, clock.now().getTime());
      setText('');
      setNotes(await log.notes(sessionId));
      onAdded();
    } catch (e) {
      setError(e instanceof SessionNoteError ? t(`sessions.noteErrors.${e.code}`) : String(e));
    }
  };

  return (
    <Drawer
      opened={row !== null}
      onClose={close}
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
      <Stack gap="sm" data-testid="session-notes">
        {notes !== null && notes.length === 0 && (
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
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Button variant="default" onClick={() => void add()} w="fit-content">
          {t('sessions.addNote')}
        </Button>
      </Stack>
    </Drawer>
  );
}
