// Whether two JSON answers are the same: equal structure, equal strings and booleans, numbers equal to a tolerance.

/**
 * The first difference between `a` and `b` as "path: a-value ≠ b-value", or null when they are equal: same keys
 * (in any order), same array lengths, strings/booleans/null identical, numbers within `tolerance` absolutely or
 * relatively (|a − b| ≤ tolerance · max(1, |a|, |b|)), so large counts must match exactly and z-values to 1e-9.
 * `byKey`: another tolerance for the values under a key of that name (the trend rollup's binned percentiles).
 */
export function answerDiff(a: unknown, b: unknown, tolerance = 1e-9, path = '$', byKey: Readonly<Record<string, number>> = {}): string | null {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isNaN(a) && Number.isNaN(b)) return null;
    const scale = Math.max(1, Math.abs(a), Math.abs(b));
    return Math.abs(a - b) <= tolerance * scale ? null : `${path}: ${a} ≠ ${b}`;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b)) return `${path}: ${short(a)} ≠ ${short(b)}`;
    if (a.length !== b.length) return `${path}: ${a.length} items ≠ ${b.length} items`;
    for (let i = 0; i < a.length; i++) {
      const d = answerDiff(a[i], b[i], tolerance, `${path}[${i}]`, byKey);
      if (d) return d;
    }
    return null;
  }
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    if (ka.join('\u0000') !== kb.join('\u0000')) return `${path}: keys ${ka.join(',')} ≠ ${kb.join(',')}`;
    for (const k of ka) {
      const d = answerDiff((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], byKey[k] ?? tolerance, `${path}.${k}`, byKey);
      if (d) return d;
    }
    return null;
  }
  return a === b ? null : `${path}: ${short(a)} ≠ ${short(b)}`;
}

function short(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
}
