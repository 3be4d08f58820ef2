/**
 * The ledger's form to add a claim for the chosen participant: the date of counselling, the
 * provider and the cost, with the subsidy the claim would get and the allowance it would leave
 * (the state and the save are ./useClaimForm's).
 */
import { Button, Fieldset, Group, NumberInput, Text, TextInput } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { COST_MAX_YEN, PROVIDER_MAX_CHARACTERS } from '../../db/repositories/claims';
import { yen } from './labels';
import type { ClaimFormState } from './useClaimForm';
import { DateField } from '../sessions/fields';

export function ClaimForm({ form }: { form: ClaimFormState }) {
  const { t, i18n } = useTranslation();
  const { date, setDate, provider, setProvider, cost, setCost, errors, busy, candidate, add } =
    form;
  return (
    <form onSubmit={(e) => void add(e)} noValidate>
      <Fieldset legend={t('reports.ledger.addTitle')} maw={980}>
        <Group gap="sm" align="flex-start">
          <DateField
            label={t('reports.ledger.date')}
            value={date}
            onChange={setDate}
            error={errors.date}
            required
            w={190}
          />
          <TextInput
            label={t('reports.ledger.provider')}
            value={provider}
            onChange={(e) => setProvider(e.currentTarget.value)}
            error={errors.provider}
            required
            w={280}
            maxLength={PROVIDER_MAX_CHARACTERS + 50}
          />
          <NumberInput
            label={t('reports.ledger.cost')}
            value={cost}
            onChange={setCost}
            error={errors.cost}
            required
            w={290}
            min={1}
            max={COST_MAX_YEN}
            allowDecimal={false}
            allowNegative={false}
            thousandSeparator=","
            prefix="¥"
            hideControls
          />
          <Button
            type="submit"
            mt={25}
            loading={busy}
            leftSection={<IconPlus size={16} aria-hidden />}
          >
            {t('reports.ledger.add')}
          </Button>
        </Group>
        {candidate !== null && (
          <Text size="sm" mt="xs" data-testid="ledger-would-be">
            {t('reports.ledger.wouldBe', {
              subsidy: yen(candidate.subsidy, i18n.language),
              remaining: yen(candidate.remaining, i18n.language),
            })}
          </Text>
        )}
      </Fieldset>
    </form>
  );
}
