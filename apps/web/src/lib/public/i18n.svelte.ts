/// <reference types="svelte" />
import { language } from '../i18n';
import { translatePublic, type PublicMessageKey } from './public-i18n';

/** A public-site label in the current language (the same switch as the dashboard's, remembered in localStorage). */
export function pt(key: PublicMessageKey, params?: Record<string, string | number>): string {
  return translatePublic(language.current, key, params);
}
