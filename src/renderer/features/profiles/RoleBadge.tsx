import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../../domain/privacy/roles';

const COLOURS: Record<Role, string> = { co: 'gray.8', counsellor: 'blue.9', supervisor: 'grape.9' };

export function RoleBadge({ role }: { role: Role }) {
  const { t } = useTranslation();
  return (
    <Badge color={COLOURS[role]} variant="filled" size="xs" data-role={role}>
      {t(`profiles.roles.${role}`)}
    </Badge>
  );
}
