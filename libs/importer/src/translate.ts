/**
 * Source value → gridlens code, through a mapping's table. Keys match case-insensitively with runs of blanks
 * collapsed; values the table lacks go to the fallback and are counted (shown in the import summary).
 */
export function normaliseKey(value: string): string {
  return value.trim().replace(/\s+/g, ' ').toLowerCase();
}

export class Translator<T extends string> {
  private readonly table = new Map<string, T>();
  /** Unmapped source value (as first seen) → rows that fell back to `other`. */
  readonly unmapped = new Map<string, number>();
  private readonly firstSpelling = new Map<string, string>();

  constructor(table: Record<string, T>, private readonly other: T | undefined) {
    for (const [key, code] of Object.entries(table)) this.table.set(normaliseKey(key), code);
  }

  /** The first of `keys` (most specific first) the table has; else the fallback (counted under keys[0]); else null. */
  translate(keys: readonly string[]): T | null {
    for (const key of keys) {
      const hit = this.table.get(normaliseKey(key));
      if (hit !== undefined) return hit;
    }
    if (this.other === undefined) return null;
    this.count(keys[0] ?? '');
    return this.other;
  }

  private count(key: string): void {
    const norm = normaliseKey(key);
    const label = this.firstSpelling.get(norm) ?? key.trim();
    this.firstSpelling.set(norm, label);
    this.unmapped.set(label, (this.unmapped.get(label) ?? 0) + 1);
  }

  /** Unmapped values with their row counts, most frequent first. */
  unmappedCounts(): { value: string; rows: number }[] {
    return [...this.unmapped].map(([value, rows]) => ({ value, rows })).sort((a, b) => b.rows - a.rows || a.value.localeCompare(b.value));
  }

  /** Adds counts carried over from an earlier run of the same import (resume). */
  restore(counts: readonly { value: string; rows: number }[]): void {
    for (const { value, rows } of counts) {
      this.firstSpelling.set(normaliseKey(value), value);
      this.unmapped.set(value, (this.unmapped.get(value) ?? 0) + rows);
    }
  }
}

/**
 * The lookup keys of a category made of several columns, most specific first: "A / B / C", then "A / B", then "A"
 * (so a table can map a whole complaint type, or one descriptor of it).
 */
export function categoryKeys(values: readonly string[], separator: string): string[] {
  const parts = values.map((v) => v.trim());
  while (parts.length > 1 && !parts[parts.length - 1]) parts.pop();
  const keys: string[] = [];
  for (let n = parts.length; n >= 1; n--) keys.push(parts.slice(0, n).join(separator));
  return keys;
}
