import {
  AppShell,
  Badge,
  Burger,
  Button,
  Group,
  NavLink,
  Text,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { useDisclosure } from '@mantine/hooks';
import {
  IconCalendarTime,
  IconChartBar,
  IconEyeOff,
  IconInbox,
  IconListDetails,
  IconLock,
  IconSettings,
  IconShieldCheck,
  type Icon,
} from '@tabler/icons-react';
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useClock, useNow } from './clock';
import { useQueueWatch } from './queue-watch';
import { overdueBadge } from '../../domain/notifications';
import { ErrorBoundary } from './ErrorBoundary';
import { formatInstant, localZoneIfDifferent } from './format';
import { NotFound } from './NotFound';
import {
  NAV_SECTIONS,
  homeRoute,
  routeAllowed,
  routeHref,
  routeOf,
  useHashPath,
  type Route,
} from './routes';
import { useWorkstationDb } from './database';
import { InterruptedImportNotice } from '../features/import/InterruptedImportNotice';
import { useVault } from './vault';
import {
  desktopCommandWaiting,
  setDesktopLock,
  takeDesktopCommand,
  useDesktopCommandVersion,
} from './desktop';
import { ProfileMenu } from '../features/profiles/ProfileMenu';
import { SyncIndicator } from '../features/sync/SyncIndicator';
import { CoViewPage } from '../features/co/CoViewPage';
import { SettingsPage } from '../features/settings/SettingsPage';
import { QueuePage } from '../features/queue/QueuePage';
import { AvailabilityPage } from '../features/availability/AvailabilityPage';
import { SessionsPage } from '../features/sessions/SessionsPage';
import { AuditPage } from '../features/audit/AuditPage';
import { ReportsPage } from '../features/reports/ReportsPage';
import './shell.css';

const ICONS: Record<(typeof NAV_SECTIONS)[number], Icon> = {
  queue: IconInbox,
  sessions: IconListDetails,
  availability: IconCalendarTime,
  reports: IconChartBar,
  audit: IconShieldCheck,
  settings: IconSettings,
  co: IconEyeOff,
};

function HeaderClock() {
  const { t, i18n } = useTranslation();
  const clock = useClock();
  const now = useNow();
  const localZone = localZoneIfDifferent(now);
  return (
    <Group gap="xs" wrap="nowrap">
      {clock.pinned && (
        <Tooltip label={t('app.clockPinnedHint')}>
          <Badge variant="filled" color="yellow" size="sm" style={{ flexShrink: 0 }}>
            {t('app.clockPinned')}
          </Badge>
        </Tooltip>
      )}
      <Text size="sm" data-testid="header-clock">
        {t('app.nowJst', { time: formatInstant(now, i18n.language) })}
        {localZone !== null &&
          ` · ${t('app.nowLocal', { time: formatInstant(now, i18n.language, localZone), zone: localZone })}`}
      </Text>
    </Group>
  );
}

function page(route: Route, path: string): ReactNode {
  if (route === 'settings') return <SettingsPage path={path} />;
  if (route === 'co') return <CoViewPage />;
  if (route === 'queue') return <QueuePage path={path} />;
  if (route === 'availability') return <AvailabilityPage />;
  if (route === 'sessions') return <SessionsPage />;
  if (route === 'audit') return <AuditPage />;
  return <ReportsPage path={path} />;
}

/** Locks the app now (also Ctrl+L or ⌘L): the keys and everything decrypted are dropped. */
function LockButton() {
  const { t } = useTranslation();
  const { lock } = useVault();
  useHotkeys([['mod+L', lock]], []);
  useEffect(() => setDesktopLock(lock), [lock]);
  return (
    <Tooltip label={t('vault.lockHint')}>
      <Button
        size="compact-sm"
        variant="default"
        leftSection={<IconLock size={14} aria-hidden />}
        onClick={lock}
      >
        {t('vault.lock')}
      </Button>
    </Tooltip>
  );
}

export function Shell() {
  const { t } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure(false);
  const path = useHashPath();
  const route = routeOf(path);
  const { currentProfile } = useWorkstationDb();
  const role = currentProfile.role;
  const allowed = route !== null && routeAllowed(role, route);
  const { overdue } = useQueueWatch(routeAllowed(role, 'queue'));

  // A page the profile may not see is never rendered: the profile's home page is shown instead.
  useEffect(() => {
    if (path === '/' || (route !== null && !routeAllowed(role, route)))
      window.location.replace(routeHref(homeRoute(role)));
  }, [path, route, role]);

  // The desktop's commands (menu, file opened, notification click) that need a page: go there;
  // the page takes its own part (focus the search, open the import or restore dialog).
  const desktopCommands = useDesktopCommandVersion();
  useEffect(() => {
    // A tab of the page when given (`settings/security`), else the page as it is.
    const go = (to: Route, tab?: string) => {
      const target = tab === undefined ? `/${to}` : `/${to}/${tab}`;
      const there = tab === undefined ? route === to : path === target;
      if (routeAllowed(role, to) && !there) window.location.assign(`#${target}`);
    };
    if (takeDesktopCommand('open-queue')) go('queue');
    if (takeDesktopCommand('open-settings')) go('settings');
    if (takeDesktopCommand('open-about')) go('settings', 'appearance');
    if (desktopCommandWaiting('find-in-queue') || desktopCommandWaiting('import-dataset'))
      go('queue');
    if (desktopCommandWaiting('restore-backup')) go('settings', 'security');
  }, [desktopCommands, role, route, path]);

  useEffect(() => {
    const title = route ? t(`nav.${route}`) : t('notFound.title');
    document.title = `${title} · ${t('app.name')}`;
    close();
  }, [route, t, close]);

  return (
    <AppShell
      header={{ height: 48 }}
      navbar={{ width: 200, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <Button
        className="cw-skip-link"
        size="xs"
        onClick={() => document.getElementById('main')?.focus()}
      >
        {t('app.skipToContent')}
      </Button>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          {/* In a full header only the clock's line wraps: the name, the sync state, Lock and the
              profile keep their width. */}
          <Group gap="sm" wrap="nowrap" style={{ flexShrink: 0 }}>
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={t('app.toggleNavigation')}
            />
            <Text fw={600} size="sm">
              {t('app.name')}
            </Text>
          </Group>
          <Group gap="sm" wrap="nowrap">
            {/* The CO view has no part in sync: its profile sees counts only. */}
            {role !== 'co' && <SyncIndicator />}
            <HeaderClock />
            <Group gap="sm" wrap="nowrap" style={{ flexShrink: 0 }}>
              <LockButton />
              <ProfileMenu />
            </Group>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label={t('nav.label')}>
        <VisuallyHidden component="h2">{t('nav.label')}</VisuallyHidden>
        {NAV_SECTIONS.filter((section) => routeAllowed(role, section)).map((section) => {
          const SectionIcon = ICONS[section];
          const active = route === section;
          return (
            <NavLink
              key={section}
              href={routeHref(section)}
              label={t(`nav.${section}`)}
              leftSection={<SectionIcon size={18} stroke={1.6} aria-hidden />}
              active={active}
              aria-current={active ? 'page' : undefined}
              rightSection={
                section === 'queue' && overdue > 0 ? (
                  <Badge
                    color="red.9"
                    size="sm"
                    data-testid="overdue-badge"
                    title={t('queue.overdueBadge', { count: overdue })}
                  >
                    {overdueBadge(overdue)}
                    <VisuallyHidden>{t('queue.overdueBadge', { count: overdue })}</VisuallyHidden>
                  </Badge>
                ) : undefined
              }
              variant="filled"
            />
          );
        })}
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1} className="cw-main">
        {/* Keyed by profile: a switch drops every page's state, decrypted data included. */}
        <InterruptedImportNotice />
        <ErrorBoundary resetKey={path} key={currentProfile.id}>
          {route === null ? <NotFound path={path} /> : allowed ? page(route, path) : null}
        </ErrorBoundary>
      </AppShell.Main>
    </AppShell>
  );
}
