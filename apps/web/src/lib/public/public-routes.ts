import { PERIOD_PATTERN, PUBLIC_LEVELS, type PublicLevel } from '@gridlens/contracts';

/**
 * The public site's pages as plain data, parsed from and written to paths (pure):
 *   /public                                  home: the latest publication per level, every published period
 *   /public/{level}/{period}                 the current publication of that period and level
 *   /public/p/{id}                           one publication by id (possibly superseded)
 *   …/unit/{code}                            a unit of either of the two above, with its rank over past periods
 *   …/method                                 the methodology of either of the two above
 * The language travels as `?lang=en` (Chinese, the default, writes nothing).
 */
export type PublicationRef = { kind: 'current'; level: PublicLevel; period: string } | { kind: 'id'; id: string };
export type PublicPage = { kind: 'ranking' } | { kind: 'method' } | { kind: 'unit'; code: string };
export type PublicRoute = { kind: 'home' } | { kind: 'notFound' } | { kind: 'publication'; ref: PublicationRef; page: PublicPage };

export const PUBLIC_ROOT = '/public';

export function isPublicPath(pathname: string): boolean {
  return pathname === PUBLIC_ROOT || pathname.startsWith(`${PUBLIC_ROOT}/`);
}

const isLevel = (s: string): s is PublicLevel => (PUBLIC_LEVELS as readonly string[]).includes(s);
const UNIT_CODE = /^[A-Za-z0-9._-]{1,64}$/;
const PUBLICATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

function decode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

function pageOf(rest: string[]): PublicPage | null {
  if (rest.length === 0) return { kind: 'ranking' };
  if (rest.length === 1 && rest[0] === 'method') return { kind: 'method' };
  if (rest.length === 2 && rest[0] === 'unit' && UNIT_CODE.test(rest[1])) return { kind: 'unit', code: rest[1] };
  return null;
}

/** The page of a path under /public (a trailing slash is ignored); `notFound` for anything else under it. */
export function parsePublicPath(pathname: string): PublicRoute {
  const parts = pathname.replace(/\/+$/, '').split('/').slice(2).map(decode);
  if (parts.some((p) => p === null || p === '')) return { kind: 'notFound' };
  const segments = parts as string[];
  if (segments.length === 0) return { kind: 'home' };
  let ref: PublicationRef | null = null;
  let rest: string[] = [];
  if (segments[0] === 'p' && segments.length >= 2 && PUBLICATION_ID.test(segments[1])) {
    ref = { kind: 'id', id: segments[1] };
    rest = segments.slice(2);
  } else if (segments.length >= 2 && isLevel(segments[0]) && PERIOD_PATTERN.test(segments[1])) {
    ref = { kind: 'current', level: segments[0], period: segments[1] };
    rest = segments.slice(2);
  }
  const page = ref && pageOf(rest);
  return ref && page ? { kind: 'publication', ref, page } : { kind: 'notFound' };
}

/** The path of a page (the inverse of parsePublicPath). */
export function publicPath(ref: PublicationRef | null, page: PublicPage = { kind: 'ranking' }): string {
  if (!ref) return PUBLIC_ROOT;
  const base = ref.kind === 'id' ? `${PUBLIC_ROOT}/p/${encodeURIComponent(ref.id)}` : `${PUBLIC_ROOT}/${ref.level}/${encodeURIComponent(ref.period)}`;
  if (page.kind === 'method') return `${base}/method`;
  if (page.kind === 'unit') return `${base}/unit/${encodeURIComponent(page.code)}`;
  return base;
}

/** `?lang=en` → 'en'; anything else → null (the remembered language stays). */
export function languageOfSearch(search: string): 'zh' | 'en' | null {
  const lang = new URLSearchParams(search).get('lang');
  return lang === 'zh' || lang === 'en' ? lang : null;
}

/** The query string for a language: English is written, Chinese (the default) is not. */
export const searchOfLanguage = (lang: 'zh' | 'en'): string => (lang === 'en' ? '?lang=en' : '');
