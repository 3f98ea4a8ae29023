import { DateTime } from 'luxon';

/**
 * Parses a source timestamp with the mapping's formats (luxon tokens, tried in order; "ISO" = ISO-8601), read in the
 * source's time zone unless the text carries its own offset. Returns epoch ms, or null when no format fits.
 */
export function parseSourceDate(text: string, formats: readonly string[], zone: string): number | null {
  const value = text.trim();
  if (!value) return null;
  for (const format of formats) {
    const parsed =
      format === 'ISO'
        ? DateTime.fromISO(value, { zone, setZone: true })
        : DateTime.fromFormat(value, format, { zone, setZone: true, locale: 'en-US' });
    if (parsed.isValid) return parsed.toMillis();
  }
  return null;
}
