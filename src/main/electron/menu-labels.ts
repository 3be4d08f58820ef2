/**
 * The application menu's words, in the two languages of the app. The main process cannot read
 * the renderer's i18n files (the layer rule), so the menu keeps its own table; the keys mirror
 * `menu.*` nowhere else, and a test checks that both languages name every item.
 */
import type { MenuLanguage } from '../../bridge/desktop';

export interface MenuLabels {
  about: string;
  settings: string;
  services: string;
  hide: string;
  hideOthers: string;
  showAll: string;
  quit: string;
  exit: string;
  file: string;
  edit: string;
  view: string;
  window: string;
  help: string;
  lock: string;
  findInQueue: string;
  openQueue: string;
  undo: string;
  redo: string;
  cut: string;
  copy: string;
  paste: string;
  selectAll: string;
  actualSize: string;
  zoomIn: string;
  zoomOut: string;
  fullScreen: string;
  reload: string;
  devTools: string;
  minimize: string;
  zoom: string;
  close: string;
  bringAllToFront: string;
}

const en: MenuLabels = {
  about: 'About Counsellor Workstation',
  settings: 'Settings…',
  services: 'Services',
  hide: 'Hide Counsellor Workstation',
  hideOthers: 'Hide Others',
  showAll: 'Show All',
  quit: 'Quit Counsellor Workstation',
  exit: 'Exit',
  file: '&File',
  edit: '&Edit',
  view: '&View',
  window: 'Window',
  help: '&Help',
  lock: 'Lock',
  findInQueue: 'Search the Queue…',
  openQueue: 'Queue',
  undo: 'Undo',
  redo: 'Redo',
  cut: 'Cut',
  copy: 'Copy',
  paste: 'Paste',
  selectAll: 'Select All',
  actualSize: 'Actual Size',
  zoomIn: 'Zoom In',
  zoomOut: 'Zoom Out',
  fullScreen: 'Toggle Full Screen',
  reload: 'Reload (locks the app)',
  devTools: 'Developer Tools',
  minimize: 'Minimise',
  zoom: 'Zoom',
  close: 'Close Window',
  bringAllToFront: 'Bring All to Front',
};

const ja: MenuLabels = {
  about: 'Counsellor Workstation について',
  settings: '設定…',
  services: 'サービス',
  hide: 'Counsellor Workstation を隠す',
  hideOthers: 'ほかを隠す',
  showAll: 'すべてを表示',
  quit: 'Counsellor Workstation を終了',
  exit: '終了',
  file: 'ファイル(&F)',
  edit: '編集(&E)',
  view: '表示(&V)',
  window: 'ウインドウ',
  help: 'ヘルプ(&H)',
  lock: 'ロック',
  findInQueue: 'キューを検索…',
  openQueue: 'キュー',
  undo: '取り消す',
  redo: 'やり直す',
  cut: '切り取り',
  copy: 'コピー',
  paste: '貼り付け',
  selectAll: 'すべてを選択',
  actualSize: '実際のサイズ',
  zoomIn: '拡大',
  zoomOut: '縮小',
  fullScreen: 'フルスクリーンの切り替え',
  reload: '再読み込み（ロックされます）',
  devTools: '開発者ツール',
  minimize: 'しまう',
  zoom: '拡大／縮小',
  close: 'ウインドウを閉じる',
  bringAllToFront: 'すべてを手前に移動',
};

export const MENU_LABELS: Readonly<Record<MenuLanguage, MenuLabels>> = { en, ja };
