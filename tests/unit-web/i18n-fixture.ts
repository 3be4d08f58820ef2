/** The app's English and Japanese words for unit tests: one i18next instance, a fixed `t` each. */
import i18next from 'i18next';
import { en } from '../../src/renderer/i18n/en';
import { ja } from '../../src/renderer/i18n/ja';

const i18n = i18next.createInstance();
await i18n.init({
  resources: { en: { translation: en }, ja: { translation: ja } },
  lng: 'en',
  interpolation: { escapeValue: false },
});

export const tEn = i18n.getFixedT('en');
export const tJa = i18n.getFixedT('ja');
