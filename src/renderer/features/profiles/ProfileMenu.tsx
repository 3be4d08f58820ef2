/** The header's profile menu: who is signed in, and a switch to another profile. */
import { Button, Menu, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconLock, IconUserCircle, IconUsers } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can, switchNeedsPassphrase } from '../../../domain/privacy/roles';
import { useWorkstationDb } from '../../app/database';
import type { ProfileRecord } from '../../db/records';
import { RoleBadge } from './RoleBadge';
import { SwitchProfileDialog } from './SwitchProfileDialog';

export function ProfileMenu() {
  const { t } = useTranslation();
  const { currentProfile, profiles, switchProfile } = useWorkstationDb();
  const [target, setTarget] = useState<ProfileRecord | null>(null);
  const others = profiles.filter((p) => p.id !== currentProfile.id);
  // A supervisor's profile always asks for that person's own credential, even from another one.
  const needsSecret = (p: ProfileRecord) =>
    p.role === 'supervisor' || switchNeedsPassphrase(currentProfile.role, p.role);

  const switched = (profile: ProfileRecord) =>
    notifications.show({
      message: t('profiles.switched', { name: profile.name }),
      closeButtonProps: { 'aria-label': t('app.closeNotification') },
    });

  const choose = (profile: ProfileRecord) => {
    if (needsSecret(profile)) return setTarget(profile);
    void switchProfile(profile.id, null).then((r) => r.ok && switched(profile));
  };

  return (
    <>
      <Menu position="bottom-end" shadow="md" width={260}>
        <Menu.Target>
          <Button
            variant="default"
            size="xs"
            leftSection={<IconUserCircle size={16} aria-hidden />}
            rightSection={<RoleBadge role={currentProfile.role} />}
            data-testid="profile-menu"
          >
            <VisuallyHidden>{t('profiles.signedInAs')} </VisuallyHidden>
            {currentProfile.name}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>{t('profiles.switchTo')}</Menu.Label>
          {others.length === 0 && <Menu.Label>{t('profiles.noOthers')}</Menu.Label>}
          {others.map((p) => (
            <Menu.Item
              key={p.id}
              onClick={() => choose(p)}
              leftSection={
                needsSecret(p) ? (
                  <IconLock
                    size={14}
                    aria-label={t(
                      p.role === 'supervisor'
                        ? 'supervision.needsCredential'
                        : 'profiles.needsPassphrase',
                    )}
                  />
                ) : undefined
              }
              rightSection={<RoleBadge role={p.role} />}
            >
              {p.name}
            </Menu.Item>
          ))}
          {can(currentProfile.role, 'manage-profiles') && (
            <>
              <Menu.Divider />
              <Menu.Item
                component="a"
                href="#/settings/profiles"
                leftSection={<IconUsers size={14} aria-hidden />}
              >
                {t('profiles.manage')}
              </Menu.Item>
            </>
          )}
        </Menu.Dropdown>
      </Menu>
      <SwitchProfileDialog target={target} onClose={() => setTarget(null)} onSwitched={switched} />
    </>
  );
}
