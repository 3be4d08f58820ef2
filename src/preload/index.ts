/** The preload script (bundled to out/preload/index.cjs): exposes the bridge and the desktop side channel, nothing else. */
import { contextBridge, ipcRenderer } from 'electron';
import { exposeDesktop } from './desktop';
import { exposeBridge } from './expose';

exposeBridge(contextBridge, ipcRenderer);
exposeDesktop(contextBridge, ipcRenderer);
