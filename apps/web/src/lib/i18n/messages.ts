import { en } from './en';
import { zh } from './zh';

export type MessageKey = keyof typeof zh;
export const LANGUAGES = ['zh', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'zh';

const dictionaries: Record<Language, Record<MessageKey, string>> = { zh, en };

export function isLanguage(value: unknown): value is Language {
  return (LANGUAGES as readonly unknown[]).includes(value);
}

/** The label for `key` in `language`, with `{name}` placeholders filled from `params`. */
export function translate(language: Language, key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = dictionaries[language][key] ?? dictionaries[DEFAULT_LANGUAGE][key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** BCP 47 tag for number and date formatting. */
export function locale(language: Language): string {
  return language === 'zh' ? 'zh-CN' : 'en-GB';
}
