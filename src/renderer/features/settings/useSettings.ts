import { useCallback, useEffect, useState } from 'react';
import type { OrganisationSettings } from '../../../domain/settings/organisation-settings';
import type { SettingsState } from '../../../bridge/schemas/settings';
import { bridge } from '../../bridge';

export type SettingsLoad =
  | { status: 'loading' }
  | { status: 'ready'; state: SettingsState }
  | { status: 'failed'; message: string };

/** The organisation settings through the bridge: load, reload, save. */
export function useOrganisationSettings() {
  const [load, setLoad] = useState<SettingsLoad>({ status: 'loading' });
  const fetchSettings = useCallback(() => {
    bridge['settings.get'](undefined).then(
      (state) => setLoad({ status: 'ready', state }),
      (error: unknown) =>
        setLoad({
          status: 'failed',
          message: error instanceof Error ? error.message : String(error),
        }),
    );
  }, []);
  useEffect(fetchSettings, [fetchSettings]);
  const reload = useCallback(() => {
    setLoad({ status: 'loading' });
    fetchSettings();
  }, [fetchSettings]);
  const save = useCallback(async (settings: OrganisationSettings) => {
    const state = await bridge['settings.update'](settings);
    setLoad({ status: 'ready', state });
    return state;
  }, []);
  return { load, reload, save };
}
