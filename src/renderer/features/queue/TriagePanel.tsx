import { Button, Group, SegmentedControl, Select, Stack, TagsInput, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useAction } from '../../app/action';
import { useClock } from '../../app/clock';
import { useWorkstationDb } from '../../app/database';
import { formatInstant } from '../../app/format';
import type { AssessedRiskLevel, CounsellorRecord, ThreadRecord } from '../../db/records';
import { TagsError } from '../../db/repositories/queue';
import { assignmentOf } from './assignment';

/**
 * Triage of the open thread: its risk level, who it is assigned to, its tags. Every change is an
 * action (a failure is shown); what shows is the stored thread, read live, so a change made from
 * the list (t, u) or elsewhere shows here at once.
 */
export function TriagePanel({
  thread,
  counsellors,
  names,
}: {
  thread: ThreadRecord;
  counsellors: CounsellorRecord[];
  names: ReadonlyMap<string, string>;
}) {
  const { t, i18n } = useTranslation();
  const { queue, counsellorId, currentProfile } = useWorkstationDb();
  const clock = useClock();
  const nowMs = () => clock.now().getTime();
  const setRisk = useAction('thread.set-risk', (risk: AssessedRiskLevel) =>
    queue.setRisk(thread.id, risk, counsellorId ?? 'unknown', nowMs()),
  );
  // The same change of assignee is a take, a release or a reassignment (each its own mutation).
  const assign = useAction('thread.assign', (to: string | null) => {
    const kind = assignmentOf({ to, me: counsellorId, role: currentProfile.role });
    if (kind === 'take' && to !== null) return queue.take(thread.id, to, nowMs());
    if (kind === 'release') return queue.release(thread.id, nowMs());
    return queue.reassign(thread.id, to, nowMs());
  });
  const take = useAction('thread.take', (me: string) => queue.take(thread.id, me, nowMs()));
  const setTags = useAction(
    'thread.set-tags',
    (tags: string[]) => queue.setTags(thread.id, tags, nowMs()),
    { describe: (e) => (e instanceof TagsError ? t(`thread.tagErrors.${e.code}`) : null) },
  );
  const mine = counsellorId !== null && thread.assigneeId === counsellorId;

  return (
    <>
      <Group align="flex-end" gap="md" wrap="wrap">
        <Stack gap={4}>
          <Text size="sm" fw={500} id="risk-level-label">
            {t('thread.riskLevel')}
          </Text>
          {/* Nothing is pre-selected until a counsellor chooses: "Routine" is a decision too. */}
          <SegmentedControl
            aria-labelledby="risk-level-label"
            value={thread.risk === 'not-assessed' ? '' : thread.risk}
            onChange={(value) => void setRisk.run(value as AssessedRiskLevel)}
            data={(['routine', 'elevated', 'urgent'] as const).map((level) => ({
              value: level,
              label: t(`thread.${level}`),
            }))}
          />
          {thread.risk === 'not-assessed' && (
            <Text size="xs" data-testid="risk-not-assessed">
              <Text span fw={600}>
                {t('thread.notAssessed')}
              </Text>
              {' · '}
              {t('thread.notAssessedHint')}
            </Text>
          )}
          {thread.riskSetAtMs !== null && thread.risk !== 'not-assessed' && (
            <Text size="xs" c="dimmed">
              {t('thread.riskSetBy', {
                who: names.get(thread.riskSetBy ?? '') ?? t('thread.someone'),
                time: formatInstant(thread.riskSetAtMs, i18n.language),
              })}
            </Text>
          )}
        </Stack>
        <Select
          label={t('thread.assignee')}
          placeholder={t('queue.unassigned')}
          clearable
          data={counsellors.map((c) => ({ value: c.id, label: c.name }))}
          value={thread.assigneeId}
          onChange={(value) => void assign.run(value)}
          w={200}
          data-testid="thread-assignee"
        />
        {/* Taking is offered only while the thread is not already the counsellor's. */}
        {counsellorId !== null && !mine && (
          <Button
            variant="default"
            loading={take.busy}
            onClick={() => void take.run(counsellorId)}
            aria-keyshortcuts="t"
          >
            {t('thread.take')}
          </Button>
        )}
      </Group>
      <TagsInput
        label={t('thread.tags')}
        placeholder={t('thread.tagsPlaceholder')}
        value={thread.tags}
        onChange={(tags) => void setTags.run(tags)}
      />
    </>
  );
}
