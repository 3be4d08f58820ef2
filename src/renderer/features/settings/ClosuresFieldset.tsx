/**
 * The organisation's closures in the settings form: the days the service is closed besides
 * weekends and holidays, as a table, each removable, and a row to add one (checked by the
 * bridge's closure rule before it joins the form). Read-only people see the table only.
 */
import { ActionIcon, Button, Fieldset, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import type { FormErrors, UseFormReturnType } from '@mantine/form';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrganisationSettings } from '../../../domain/settings/organisation-settings';
import { closureSchema } from '../../../bridge/schemas/settings';
import { errorsFromIssues } from './organisation-form-errors';
import { DateField } from '../sessions/fields';

const EMPTY_CLOSURE = { from: '', to: '', label: '' };

export function ClosuresFieldset({
  form,
  readOnly,
}: {
  form: UseFormReturnType<OrganisationSettings>;
  readOnly: boolean;
}) {
  const { t } = useTranslation();
  const [draftClosure, setDraftClosure] = useState(EMPTY_CLOSURE);
  const [draftErrors, setDraftErrors] = useState<FormErrors>({});

  const addClosure = () => {
    const parsed = closureSchema.safeParse(draftClosure);
    if (!parsed.success) {
      setDraftErrors(errorsFromIssues(parsed.error.issues));
      return;
    }
    setDraftErrors({});
    form.insertListItem('closures', parsed.data);
    setDraftClosure(EMPTY_CLOSURE);
  };

  const closures = form.getValues().closures;

  return (
    <Fieldset legend={t('settings.organisation.closures')} variant="unstyled">
      <Stack gap="xs">
        <Text size="sm" c="dimmed">
          {t('settings.organisation.closuresDescription')}
        </Text>
        {closures.length === 0 ? (
          <Text size="sm" fs="italic">
            {t('settings.organisation.closuresEmpty')}
          </Text>
        ) : (
          <Table striped withTableBorder data-testid="closures-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('settings.organisation.closureFrom')}</Table.Th>
                <Table.Th>{t('settings.organisation.closureTo')}</Table.Th>
                <Table.Th>{t('settings.organisation.closureLabel')}</Table.Th>
                <Table.Th w={48} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {closures.map((closure, index) => (
                <Table.Tr key={`${closure.from}-${closure.to}-${index}`}>
                  <Table.Td>{closure.from}</Table.Td>
                  <Table.Td>{closure.to}</Table.Td>
                  <Table.Td>{closure.label}</Table.Td>
                  <Table.Td>
                    {!readOnly && (
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={t('settings.organisation.removeClosure', {
                          label: closure.label,
                        })}
                        onClick={() => form.removeListItem('closures', index)}
                      >
                        <IconTrash size={16} aria-hidden />
                      </ActionIcon>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {!readOnly && (
          <Group align="flex-start" gap="sm">
            <DateField
              label={t('settings.organisation.closureFromField')}
              value={draftClosure.from}
              onChange={(from) => setDraftClosure({ ...draftClosure, from })}
              error={draftErrors.from}
              w={190}
            />
            <DateField
              label={t('settings.organisation.closureToField')}
              value={draftClosure.to}
              onChange={(to) => setDraftClosure({ ...draftClosure, to })}
              error={draftErrors.to}
              w={190}
            />
            <TextInput
              label={t('settings.organisation.closureLabel')}
              value={draftClosure.label}
              onChange={(e) => setDraftClosure({ ...draftClosure, label: e.currentTarget.value })}
              error={draftErrors.label}
            />
            <Button
              variant="default"
              leftSection={<IconPlus size={16} aria-hidden />}
              onClick={addClosure}
              mt={25}
            >
              {t('settings.organisation.addClosure')}
            </Button>
          </Group>
        )}
      </Stack>
    </Fieldset>
  );
}
