import {
  Alert,
  Button,
  FileButton,
  Group,
  List,
  Modal,
  Progress,
  ScrollArea,
  Stack,
  Text,
} from '@mantine/core';
import { IconFileImport } from '@tabler/icons-react';
import { useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { useImport } from './useImport';
import { documentProblemText, invalidRecordText } from './import-problem-text';

type ImportApi = ReturnType<typeof useImport>;

const percent = (done: number, total: number) =>
  total === 0 ? 0 : Math.round((done / total) * 100);

/** Queue → Import: choose or drop a file, see progress, then exactly what was and was not stored. */
export function ImportDialog({
  opened,
  onClose,
  api,
}: {
  opened: boolean;
  onClose(): void;
  api: ImportApi;
}) {
  const { t, i18n } = useTranslation();
  const { state, start, reset } = api;
  const [dragging, setDragging] = useState(false);
  const busy = state.phase === 'checking' || state.phase === 'storing';

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    // The queue page also takes dropped files; this one is ours (React events cross portals).
    event.stopPropagation();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file && !busy) void start(file);
  };

  return (
    <Modal
      opened={opened}
      onClose={busy ? () => undefined : onClose}
      title={t('import.title')}
      size="lg"
      closeButtonProps={{ 'aria-label': t('import.close') }}
    >
      <Stack gap="md">
        {(state.phase === 'idle' ||
          state.phase === 'done' ||
          state.phase === 'rejected' ||
          state.phase === 'failed') && (
          <div
            onDragOver={(e) => {
              e.preventDefault();
              setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={onDrop}
            data-testid="import-drop"
            style={{
              border: `2px dashed var(--mantine-color-${dragging ? 'indigo' : 'gray'}-5)`,
              borderRadius: 8,
              padding: 24,
              textAlign: 'center',
            }}
          >
            <Stack align="center" gap="xs">
              <IconFileImport size={28} aria-hidden />
              <Text size="sm">{t('import.drop')}</Text>
              <FileButton
                onChange={(file) => file && void start(file)}
                accept="application/json,.json,.cwdataset"
              >
                {(props) => (
                  <Button {...props} variant="default">
                    {state.phase === 'idle' ? t('import.choose') : t('import.another')}
                  </Button>
                )}
              </FileButton>
            </Stack>
          </div>
        )}

        {state.phase === 'checking' && (
          <Stack gap={4} role="status">
            <Text size="sm">
              {t('import.checking', { file: state.fileName, done: state.done, total: state.total })}
            </Text>
            <Progress
              value={percent(state.done, state.total)}
              aria-label={t('import.title')}
              animated
            />
          </Stack>
        )}
        {state.phase === 'storing' && (
          <Stack gap={4} role="status">
            <Text size="sm">
              {state.step === 'storing'
                ? t('import.storing', { done: state.done, total: state.total })
                : t('import.threads', { done: state.done, total: state.total })}
            </Text>
            <Progress value={percent(state.done, state.total)} aria-label={t('import.title')} />
          </Stack>
        )}

        {state.phase === 'rejected' && (
          <Alert color="red" title={t('import.rejected', { file: state.fileName })} role="alert">
            <List size="sm">
              {state.problems.map((p, i) => (
                <List.Item key={i}>{documentProblemText(p, t, i18n.language)}</List.Item>
              ))}
            </List>
          </Alert>
        )}
        {state.phase === 'failed' && (
          <Alert color="red" role="alert">
            {t('import.failed', { file: state.fileName, message: state.message })}
          </Alert>
        )}
        {state.phase === 'done' && (
          <Stack gap="xs" data-testid="import-report">
            <Alert color="teal" title={t('import.done', { file: state.fileName })}>
              <Text size="sm">{t('import.added', state.report.added)}</Text>
              <Text size="sm">
                {t('import.unchanged', {
                  count: Object.values(state.report.unchanged).reduce((sum, n) => sum + n, 0),
                })}
              </Text>
              {state.report.overLimit > 0 && (
                <Text size="sm">{t('import.overLimit', { count: state.report.overLimit })}</Text>
              )}
            </Alert>
            {state.report.conflicts.length > 0 && (
              <Alert
                color="orange"
                title={t('import.conflicts', { count: state.report.conflicts.length })}
              >
                <List size="sm">
                  {state.report.conflicts.slice(0, 200).map((c) => (
                    // Where it is in the file; never the record's id (words a person reads
                    // carry no identifier).
                    <List.Item key={c.position}>{c.position}</List.Item>
                  ))}
                </List>
              </Alert>
            )}
            {state.report.invalidCount > 0 && (
              <Alert
                color="orange"
                title={t('import.invalid', { count: state.report.invalidCount })}
              >
                {state.report.invalidCount > state.report.invalid.length && (
                  <Text size="sm" mb="xs" data-testid="import-invalid-first">
                    {t('import.invalidFirst', { count: state.report.invalid.length })}
                  </Text>
                )}
                <ScrollArea.Autosize mah={240}>
                  <List size="sm" data-testid="import-invalid">
                    {state.report.invalid.slice(0, 500).map((r) => (
                      <List.Item key={r.position}>
                        {invalidRecordText(r, t, i18n.language)}
                      </List.Item>
                    ))}
                  </List>
                </ScrollArea.Autosize>
              </Alert>
            )}
          </Stack>
        )}

        <Group justify="flex-end">
          <Button
            variant="default"
            disabled={busy}
            onClick={() => {
              reset();
              onClose();
            }}
          >
            {t('import.close')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
