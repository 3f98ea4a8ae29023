export { DEFAULT_LANGUAGE, LANGUAGES, isLanguage, locale, translate, type Language, type MessageKey } from './messages';
export { language, LanguageState, t } from './language.svelte';
