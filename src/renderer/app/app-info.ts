import { createContext, useContext } from 'react';
import type { AppInfo } from '../../bridge/schemas/app';

export const AppInfoContext = createContext<AppInfo | null>(null);

export function useAppInfo(): AppInfo {
  const info = useContext(AppInfoContext);
  if (info === null) throw new Error('useAppInfo outside the app');
  return info;
}
