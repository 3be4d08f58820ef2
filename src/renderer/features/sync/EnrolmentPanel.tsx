/**
 * Enrolment into the organisation's keys (issue 15, docs/security.md "Enrolment"): a supervisor's
 * workstation shows 13 words once; another workstation of the organisation types them to take the
 * organisation's keys. The main process does the cryptography and the requests
 * (`sync.issueEnrolment`, `sync.claimEnrolment`); this panel only asks and shows.
 *
 * Choices: the words are shown large and numbered, not selectable and with no copy button (they
 * are meant to be typed on the other screen, not to pass through a clipboard); they live in this
 * panel's state only, until "hide" or the panel goes. The join form has one box per word, each
 * checked against the word list as it is typed (a misspelt word is named where it is); the main
 * process checks the whole again before anything is sent. After joining, the app unlocks again
 * with the same passphrase (`reopen`), which seals again what was under this workstation's own
 * key.
 */
import {
  Alert,
  Button,
  Group,
  List,
  PasswordInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useEffect, useState, type ClipboardEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_ENROLMENT_MINUTES } from '../../../bridge/schemas/sync';
import { splitWords, WORD_COUNT, wordProblem } from '../../../sync/words';
import { bridge } from '../../bridge';
import { useWorkstationDb } from '../../app/database';
import { formatInstant } from '../../app/format';
import { useVault } from '../../app/vault';
import { SecurityCard, StatusLine, useOperation, useRefusal } from '../security/security-card';

const VALID_FOR_MINUTES = [15, 60, 240, 1440] as const;

/** Both parts: enrolling another workstation (supervisors) and joining with words. */
export function EnrolmentPanel() {
  const { t } = useTranslation();
  return (
    <Stack gap="md" data-testid="enrolment-panel">
      <Title order={2} size="h3">
        {t('enrolment.title')}
      </Title>
      <IssueEnrolmentCard />
      <JoinWithWordsCard />
    </Stack>
  );
}

/** Whether the account signed in to the sync server now is a supervisor's (null: still asking). */
function useSignedInSupervisor(): boolean | null {
  const [supervisor, setSupervisor] = useState<boolean | null>(null);
  useEffect(() => {
    let cancelled = false;
    bridge['sync.status']({})
      .then((status) => !cancelled && setSupervisor(status.account?.role === 'supervisor'))
      .catch(() => !cancelled && setSupervisor(false));
    return () => {
      cancelled = true;
    };
  }, []);
  return supervisor;
}

export function IssueEnrolmentCard() {
  const { t, i18n } = useTranslation();
  const supervisor = useSignedInSupervisor();
  const refusal = useRefusal();
  const { busy, status, setStatus, run } = useOperation();
  const [passphrase, setPassphrase] = useState('');
  const [minutes, setMinutes] = useState<number>(DEFAULT_ENROLMENT_MINUTES);
  const [issued, setIssued] = useState<{ words: string[]; expiresAt: number } | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (passphrase === '') return setStatus({ kind: 'error', text: t('vault.passphraseRequired') });
    void run(async () => {
      const answer = await bridge['sync.issueEnrolment']({ passphrase, expiresInMinutes: minutes });
      if (!answer.ok) return { kind: 'error', text: refusal(answer) };
      setPassphrase('');
      setIssued({ words: answer.words, expiresAt: answer.expiresAt });
      return { kind: 'idle' };
    });
  };

  if (issued !== null)
    return (
      <SecurityCard
        title={t('enrolment.issue.title')}
        explain={t('enrolment.issue.description')}
        maw={640}
      >
        <Alert
          color="orange"
          icon={<IconAlertTriangle size={16} />}
          title={t('enrolment.issue.onceTitle')}
        >
          {t('enrolment.issue.once')}
        </Alert>
        <Title order={3} size="h5" id="enrolment-words-title">
          {t('enrolment.issue.wordsTitle')}
        </Title>
        <List
          type="ordered"
          aria-labelledby="enrolment-words-title"
          data-testid="enrolment-words"
          styles={{ root: { userSelect: 'none', columns: 2 }, item: { fontSize: '1.5rem' } }}
        >
          {issued.words.map((word, i) => (
            <List.Item
              key={i}
              aria-label={`${t('enrolment.issue.wordNumber', { n: i + 1 })}: ${word}`}
            >
              <Text span ff="monospace" fz="1.5rem" fw={600}>
                {word}
              </Text>
            </List.Item>
          ))}
        </List>
        <Text role="status">
          {t('enrolment.issue.expiresAt', {
            time: formatInstant(issued.expiresAt, i18n.language),
          })}
        </Text>
        <Button w="fit-content" onClick={() => setIssued(null)}>
          {t('enrolment.issue.hide')}
        </Button>
      </SecurityCard>
    );

  return (
    <SecurityCard
      title={t('enrolment.issue.title')}
      explain={t('enrolment.issue.description')}
      maw={460}
      {...(supervisor ? { onSubmit: submit } : {})}
    >
      {supervisor === false && (
        <Text size="sm" data-testid="enrolment-supervisor-only">
          {t('enrolment.issue.supervisorOnly')}
        </Text>
      )}
      {supervisor === true && (
        <>
          <PasswordInput
            label={t('enrolment.passphrase')}
            description={t('enrolment.issue.passphraseHint')}
            value={passphrase}
            onChange={(e) => setPassphrase(e.currentTarget.value)}
            autoComplete="current-password"
          />
          <Select
            label={t('enrolment.issue.validFor')}
            data={VALID_FOR_MINUTES.map((m) => ({
              value: String(m),
              label: t(`enrolment.issue.minutes${m}`),
            }))}
            value={String(minutes)}
            onChange={(value) => value !== null && setMinutes(Number(value))}
            allowDeselect={false}
          />
          <StatusLine status={status} testId="enrolment-issue-status" />
          <Button type="submit" loading={busy} w="fit-content">
            {t('enrolment.issue.submit')}
          </Button>
        </>
      )}
    </SecurityCard>
  );
}

const emptyWords = () => Array.from({ length: WORD_COUNT }, () => '');

export function JoinWithWordsCard() {
  const { cipher } = useVault();
  // Joined (after an unlock with the organisation's keys): nothing more to type here.
  if (cipher.joinedOrganisation) return <JoinedCard />;
  return <JoinWithWordsForm />;
}

function JoinedCard() {
  const { t } = useTranslation();
  return (
    <Alert
      color="teal"
      variant="light"
      title={t('enrolment.join.joinedTitle')}
      maw={640}
      data-testid="enrolment-joined"
    >
      {t('enrolment.join.joinedExplain')}
    </Alert>
  );
}

function JoinWithWordsForm() {
  const { t } = useTranslation();
  const { maintenance } = useWorkstationDb();
  const { reopen } = useVault();
  const refusal = useRefusal();
  const { busy, status, setStatus, run } = useOperation();
  const [words, setWords] = useState<string[]>(emptyWords);
  const [passphrase, setPassphrase] = useState('');

  const setWord = (index: number, value: string) =>
    setWords((current) => current.map((w, i) => (i === index ? value : w)));

  // Several words pasted into one box fill it and the boxes after it.
  const pasteWords = (index: number, event: ClipboardEvent<HTMLInputElement>) => {
    const pasted = splitWords(event.clipboardData.getData('text'));
    if (pasted.length < 2) return;
    event.preventDefault();
    setWords((current) =>
      current.map((w, i) => (i >= index && i - index < pasted.length ? pasted[i - index]! : w)),
    );
  };

  const wordError = (word: string) => {
    if (word.trim() === '') return null;
    const problem = wordProblem(word);
    if (problem === null) return null;
    return problem.suggestion === null
      ? t('enrolment.join.wordUnknown')
      : t('enrolment.join.wordUnknownSuggestion', { suggestion: problem.suggestion });
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (passphrase === '') return setStatus({ kind: 'error', text: t('vault.passphraseRequired') });
    void run(
      async () => {
        // What only this workstation can open of the tables that sync (the main process refuses
        // unless 0); records already pulled from the organisation open once it has joined.
        const heldRecords = await maintenance.ownSyncedRecords();
        const answer = await bridge['sync.claimEnrolment']({ words, passphrase, heldRecords });
        if (!answer.ok) return { kind: 'error', text: refusal(answer) };
        const text = answer.changed ? t('enrolment.join.joined') : t('enrolment.join.alreadyHeld');
        notifications.show({
          color: 'teal',
          message: text,
          closeButtonProps: { 'aria-label': t('app.closeNotification') },
        });
        setWords(emptyWords());
        // The page takes the new keys: the same unlock as a typed one (it may re-seal first).
        if (answer.changed) await reopen(passphrase);
        setPassphrase('');
        return { kind: 'ok', text };
      },
      { exclusive: true },
    );
  };

  return (
    <SecurityCard
      title={t('enrolment.join.title')}
      explain={t('enrolment.join.description')}
      maw={640}
      onSubmit={submit}
    >
      <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="xs" data-testid="enrolment-word-inputs">
        {words.map((word, i) => (
          <TextInput
            key={i}
            label={t('enrolment.join.word', { n: i + 1 })}
            value={word}
            error={wordError(word)}
            onChange={(e) => setWord(i, e.currentTarget.value)}
            onPaste={(e) => pasteWords(i, e)}
            autoComplete="off"
            autoCapitalize="none"
            autoCorrect="off"
            spellCheck={false}
          />
        ))}
      </SimpleGrid>
      <PasswordInput
        label={t('enrolment.passphrase')}
        value={passphrase}
        onChange={(e) => setPassphrase(e.currentTarget.value)}
        autoComplete="current-password"
      />
      <StatusLine status={status} testId="enrolment-join-status" />
      <Group>
        <Button type="submit" loading={busy}>
          {t('enrolment.join.submit')}
        </Button>
      </Group>
    </SecurityCard>
  );
}
