import { isLanguage, type Language } from './messages';

/**
 * The deployment's default language (DEFAULT_LANGUAGE on the server, docs/configuration.md), which the server writes
 * into index.html as `<meta name="gridlens-language" content="en">`; null outside a browser or without the tag.
 */
export function deploymentLanguage(doc: Pick<Document, 'querySelector'> | null = typeof document === 'undefined' ? null : document): Language | null {
  const content = doc?.querySelector('meta[name="gridlens-language"]')?.getAttribute('content');
  return isLanguage(content) ? content : null;
}
