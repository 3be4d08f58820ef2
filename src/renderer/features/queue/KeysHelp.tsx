import { Kbd, Modal, Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** The queue's keys, shown with `?` (and from the Keys button). */
type KeyAction =
  'Next' | 'Previous' | 'Open' | 'Take' | 'Urgent' | 'Reply' | 'Search' | 'Leave' | 'Help';

const KEYS: { keys: string[]; what: KeyAction }[] = [
  { keys: ['j', '↓'], what: 'Next' },
  { keys: ['k', '↑'], what: 'Previous' },
  { keys: ['Enter', 'o'], what: 'Open' },
  { keys: ['t'], what: 'Take' },
  { keys: ['u'], what: 'Urgent' },
  { keys: ['r'], what: 'Reply' },
  { keys: ['/'], what: 'Search' },
  { keys: ['Esc'], what: 'Leave' },
  { keys: ['?'], what: 'Help' },
];

export function KeysHelp({ opened, onClose }: { opened: boolean; onClose(): void }) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t('queue.keysTitle')}
      closeButtonProps={{ 'aria-label': t('queue.keysClose') }}
    >
      <Table data-testid="keys-help">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('queue.keysKey')}</Table.Th>
            <Table.Th>{t('queue.keysAction')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {KEYS.map(({ keys, what }) => (
            <Table.Tr key={what}>
              <Table.Td>
                {keys.map((key, i) => (
                  <span key={key}>
                    {i > 0 && ' / '}
                    <Kbd>{key}</Kbd>
                  </span>
                ))}
              </Table.Td>
              <Table.Td>{t(`queue.keys${what}`)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Modal>
  );
}
