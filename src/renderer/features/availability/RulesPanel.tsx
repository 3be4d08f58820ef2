/**
 * A counsellor's weekly windows, in words, with what service hours leave of them; removing one
 * goes through the action wrapper (a failure is shown, never lost).
 */
import { ActionIcon, Card, Code, Group, Stack, Table, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconTrash } from '@tabler/icons-react';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { parseAvailabilityRule } from '../../../domain/booking';
import { wallTimeToMinutes } from '../../../domain/settings/organisation-settings';
import { useAction } from '../../app/action';
import { useClock } from '../../app/clock';
import { useWorkstationDb } from '../../app/database';
import { useOrganisationSettings } from '../../app/workstation';
import type { AvailabilityRuleRecord } from '../../db/records';
import { RuleForm } from './RuleForm';
import { describeAvailabilityRuleText } from '../../app/format-rule';

export function RulesPanel({
  counsellorId,
  rules,
}: {
  counsellorId: string;
  rules: AvailabilityRuleRecord[];
}) {
  const { t, i18n } = useTranslation();
  const { booking } = useWorkstationDb();
  const clock = useClock();
  const { open, close } = useOrganisationSettings().state.settings.serviceHours;
  const remove = useAction(
    'availability.remove-rule',
    useCallback((id: string) => booking.deleteRule(id, clock.now().getTime()), [booking, clock]),
  );
  const outside = (rule: AvailabilityRuleRecord) => {
    const parsed = parseAvailabilityRule(rule.rule);
    if (!parsed.ok) return false;
    const start = parsed.rule.startMinutes;
    return (
      start < wallTimeToMinutes(open) || start + rule.durationMinutes > wallTimeToMinutes(close)
    );
  };
  return (
    <Card withBorder padding="sm" component="section" aria-labelledby="rules-title">
      <Stack gap="sm">
        <Title order={2} size="h5" id="rules-title">
          {t('availability.rules')}
        </Title>
        {rules.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('availability.rulesNone')}
          </Text>
        ) : (
          <Table withTableBorder data-testid="rules-table">
            <Table.Tbody>
              {rules.map((r) => {
                const words = describeAvailabilityRuleText(
                  r.rule,
                  r.durationMinutes,
                  t,
                  i18n.language,
                );
                const label = words ?? t('availability.ruleText');
                return (
                  <Table.Tr key={r.id}>
                    <Table.Td>
                      <Text size="sm" fw={500} lang={i18n.language}>
                        {label}
                      </Text>
                      {words === null && (
                        <Code block fz="xs">
                          {r.rule}
                        </Code>
                      )}
                      {outside(r) && (
                        <Group gap={4} mt={4} wrap="nowrap">
                          <IconAlertTriangle size={14} aria-hidden />
                          <Text size="xs">{t('availability.clipped', { open, close })}</Text>
                        </Group>
                      )}
                    </Table.Td>
                    <Table.Td w={40}>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={t('availability.remove', { what: label })}
                        loading={remove.busy}
                        onClick={() => void remove.run(r.id)}
                      >
                        <IconTrash size={16} aria-hidden />
                      </ActionIcon>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        )}
        <RuleForm counsellorId={counsellorId} />
      </Stack>
    </Card>
  );
}
