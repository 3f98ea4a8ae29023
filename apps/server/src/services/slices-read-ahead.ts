/** Days of cases a rebuild (of the case rollup and of the trend rollup) reads per statement. */
export const REBUILD_SLICE_DAYS = 7;

/**
 * The slices [from, from + width) that cover [range.min, range.max], each read while the caller works on the one
 * before: the next read is asked for before a slice is handed over, so a database server reads it while JavaScript
 * counts this one (the rebuilds, measured in bench/README.md). PGlite runs queries on this thread, so there the read
 * just waits its turn. A failed read is thrown to the caller when it asks for that slice; one never asked for (the
 * caller stopped early) is dropped.
 */
export async function* slicesReadAhead<T>(
  range: { min: number; max: number } | null,
  width: number,
  read: (from: number, to: number) => Promise<T>,
): AsyncGenerator<{ from: number; to: number; value: T }> {
  if (!range) return;
  const start = (from: number): Promise<T> => {
    const value = read(from, from + width);
    value.catch(() => undefined);
    return value;
  };
  let next = start(range.min);
  for (let from = range.min; from <= range.max; from += width) {
    const value = await next;
    if (from + width <= range.max) next = start(from + width);
    yield { from, to: from + width, value };
  }
}
