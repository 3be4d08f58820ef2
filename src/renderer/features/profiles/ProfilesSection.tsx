/** Settings → Profiles: the workstation's profiles, adding one, removing one. */
import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES, type Role } from '../../../domain/privacy/roles';
import { useAction } from '../../app/action';
import { useClock } from '../../app/clock';
import { useWorkstationDb } from '../../app/database';
import type { CounsellorRecord, ProfileRecord } from '../../db/records';
import { ProfileError, type NewProfile } from '../../db/repositories/profiles';
import { CredentialDialog } from './CredentialDialog';
import { RoleBadge } from './RoleBadge';

export function ProfilesSection() {
  const { t } = useTranslation();
  const clock = useClock();
  const {
    currentProfile,
    profiles,
    profileRepository,
    profilesChanged,
    booking,
    audit,
    roleStatus,
    supervisorProven,
  } = useWorkstationDb();
  // Supervisors' credentials: set by a proven supervisor, or the first one with the passphrase.
  const maySetCredentials = supervisorProven || roleStatus.bootstrap;
  const [credentialTarget, setCredentialTarget] = useState<ProfileRecord | null>(null);
  const [counsellors, setCounsellors] = useState<CounsellorRecord[]>([]);
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('counsellor');
  const [counsellorId, setCounsellorId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void booking.counsellors().then(setCounsellors);
  }, [booking]);
  const counsellorName = (id: string | null) =>
    id === null ? '—' : (counsellors.find((c) => c.id === id)?.name ?? '—');

  // A profile's own refusals (a taken name, the last staff profile) are worded by their code;
  // any other failure by the action wrapper.
  const problemText = (e: unknown) =>
    e instanceof ProfileError ? t(`profiles.errors.${e.code}`) : null;
  const create = useAction(
    'profile.create',
    async (fields: NewProfile) => {
      const nowMs = clock.now().getTime();
      const created = await profileRepository.create(fields, nowMs);
      await audit.append(
        {
          profile: currentProfile.name,
          action: 'role-change',
          object: `profile:${created.id}`,
          reason: { code: 'profile-created', role: created.role, name: created.name },
        },
        nowMs,
      );
      await profilesChanged();
      return created;
    },
    { notify: false, describe: problemText },
  );
  const removal = useAction(
    'profile.remove',
    async (id: string, profileName: string) => {
      await profileRepository.remove(id);
      await audit.append(
        {
          profile: currentProfile.name,
          action: 'role-change',
          object: `profile:${id}`,
          reason: { code: 'profile-removed', name: profileName },
        },
        clock.now().getTime(),
      );
      await profilesChanged();
    },
    { notify: false, describe: problemText },
  );
  // One line under the form: the newest refusal or failure of either action.
  const shownError = error ?? create.error ?? removal.error;

  const add = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    removal.reset();
    if (role === 'supervisor' && !maySetCredentials) return setError(t('supervision.notAllowed'));
    const created = await create.run({
      name,
      role,
      counsellorId: role === 'counsellor' ? counsellorId : null,
    });
    if (created === undefined) return;
    setName('');
    setCounsellorId(null);
    // A supervisor's profile is usable only with that person's own credential: set it now.
    if (created.role === 'supervisor') setCredentialTarget(created);
    notifications.show({
      message: t('profiles.added', { name: created.name }),
      closeButtonProps: { 'aria-label': t('app.closeNotification') },
    });
  };

  const remove = (id: string, profileName: string) => {
    setError(null);
    create.reset();
    void removal.run(id, profileName);
  };

  return (
    <Card withBorder padding="md" component="section" aria-labelledby="profiles-title">
      <Stack gap="md">
        <Title order={2} size="h4" id="profiles-title">
          {t('profiles.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('profiles.description')}
        </Text>
        <Table withTableBorder data-testid="profiles-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('profiles.name')}</Table.Th>
              <Table.Th>{t('profiles.role')}</Table.Th>
              <Table.Th>{t('profiles.counsellor')}</Table.Th>
              <Table.Th>
                <Text span size="sm" fw={700}>
                  {t('profiles.actions')}
                </Text>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {profiles.map((p) => (
              <Table.Tr key={p.id}>
                <Table.Td>
                  {p.name}
                  {p.id === currentProfile.id && (
                    <Text span size="xs" c="dimmed">
                      {' '}
                      {t('profiles.you')}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <RoleBadge role={p.role} />
                  {p.role === 'supervisor' && !roleStatus.credentials.includes(p.id) && (
                    <Badge color="red.9" variant="outline" size="xs" ml={6}>
                      {t('supervision.noCredentialBadge')}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  {p.role === 'counsellor' ? counsellorName(p.counsellorId) : '—'}
                </Table.Td>
                <Table.Td>
                  {p.role === 'supervisor' && maySetCredentials && (
                    <Button
                      size="xs"
                      variant="default"
                      mr={6}
                      onClick={() => setCredentialTarget(p)}
                      aria-label={t('supervision.setCredentialNamed', { name: p.name })}
                    >
                      {t('supervision.setCredential')}
                    </Button>
                  )}
                  {p.id !== currentProfile.id && (
                    <Button
                      size="xs"
                      variant="default"
                      onClick={() => remove(p.id, p.name)}
                      disabled={removal.busy}
                      aria-label={t('profiles.removeNamed', { name: p.name })}
                    >
                      {t('profiles.remove')}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <form onSubmit={(e) => void add(e)} noValidate>
          <Stack gap="sm">
            <Title order={3} size="h5">
              {t('profiles.add')}
            </Title>
            <Group align="flex-end" gap="sm">
              <TextInput
                label={t('profiles.name')}
                value={name}
                onChange={(e) => setName(e.currentTarget.value)}
                maxLength={80}
                w={220}
              />
              <Select
                label={t('profiles.role')}
                value={role}
                onChange={(v) => v && setRole(v as Role)}
                data={ROLES.map((r) => ({ value: r, label: t(`profiles.roles.${r}`) }))}
                allowDeselect={false}
                w={160}
              />
              {role === 'counsellor' && (
                <Select
                  label={t('profiles.counsellor')}
                  value={counsellorId}
                  onChange={setCounsellorId}
                  data={counsellors.map((c) => ({ value: c.id, label: c.name }))}
                  placeholder={t('profiles.noCounsellor')}
                  clearable
                  w={220}
                />
              )}
              <Button type="submit" variant="default" loading={create.busy}>
                {t('profiles.addButton')}
              </Button>
            </Group>
            <Text size="xs" c="dimmed">
              {t(`profiles.roleExplain.${role}`)}
            </Text>
            {shownError && (
              <Alert color="red" role="alert" data-testid="profiles-error">
                {shownError}
              </Alert>
            )}
          </Stack>
        </form>
      </Stack>
      <CredentialDialog target={credentialTarget} onClose={() => setCredentialTarget(null)} />
    </Card>
  );
}
