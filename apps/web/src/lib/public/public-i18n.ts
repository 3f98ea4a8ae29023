import type { Language } from '../i18n/messages';
import { publicEn } from './messages-en';
import { publicZh, type PublicMessageKey } from './messages-zh';

export type { PublicMessageKey } from './messages-zh';

const dictionaries: Record<Language, Record<PublicMessageKey, string>> = { zh: publicZh, en: publicEn };

/** A public-site label in `lang`, `{name}` placeholders filled from `params` (pure; see pt() for the current language). */
export function translatePublic(lang: Language, key: PublicMessageKey, params: Record<string, string | number> = {}): string {
  const template = dictionaries[lang][key] ?? publicZh[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
