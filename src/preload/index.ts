/** The preload script (bundled to out/preload/index.cjs): exposes the bridge, nothing else. */
import { contextBridge, ipcRenderer } from 'electron';
import { exposeBridge } from './expose';

exposeBridge(contextBridge, ipcRenderer);
