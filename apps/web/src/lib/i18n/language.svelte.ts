/// <reference types="svelte" />
import { browserStorage, readJson, writeJson, type KeyValueStorage } from '../state/storage';
import { deploymentLanguage } from './deployment-language';
import { DEFAULT_LANGUAGE, isLanguage, locale, translate, type Language, type MessageKey } from './messages';

const LANGUAGE_KEY = 'gridlens.language';

/** The interface language: the user's choice (remembered in localStorage), else the deployment's default, else Chinese. */
export class LanguageState {
  current = $state<Language>(DEFAULT_LANGUAGE);
  readonly locale = $derived(locale(this.current));

  constructor(
    private readonly storage: KeyValueStorage | null = browserStorage('localStorage'),
    fallback: Language | null = deploymentLanguage(),
  ) {
    this.current = readJson(storage, LANGUAGE_KEY, isLanguage) ?? fallback ?? DEFAULT_LANGUAGE;
  }

  set(language: Language): void {
    this.current = language;
    writeJson(this.storage, LANGUAGE_KEY, language);
  }
}

export const language = new LanguageState();

/** A label in the current language; reading it inside a template or $derived re-renders on a switch. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  return translate(language.current, key, params);
}
