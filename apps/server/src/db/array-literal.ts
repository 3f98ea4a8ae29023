/** JSON's escapes other than \" and \\ (control characters, lone surrogates), which array_in would misread. */
const OTHER_JSON_ESCAPE = /\\[^"\\]/;
const QUOTED_SPECIALS = /[\\"]/g;

/**
 * A PostgreSQL array literal of `values` (strings, finite numbers, booleans or nulls). JSON.stringify writes it
 * fast, natively: JSON's arrays are array_in's syntax once [ ] become { } — null, numbers, true and false read
 * as themselves, strings are double-quoted with " and \ backslash-escaped. Strings JSON would escape otherwise
 * are quoted one by one instead.
 */
export function arrayLiteral(values: unknown[]): string {
  const json = JSON.stringify(values);
  if (!json.includes('\\') || !OTHER_JSON_ESCAPE.test(json)) return `{${json.slice(1, -1)}}`;
  return `{${values.map((v) => (v == null ? 'NULL' : `"${String(v).replace(QUOTED_SPECIALS, '\\$&')}"`)).join(',')}}`;
}
