import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arrayLiteral } from '../../apps/server/src/db/array-literal';
import type { Database } from '../../apps/server/src/db/database';
import { testBackends } from '../support/test-databases';

const AWKWARD = ['plain', '', 'NULL', 'null', null, 'quote " and \\ backslash', '\\"', 'new\nline\ttab', '\u0001ctl', '中文 emoji 🚧', '{braces},commas', ' spaced ', '\\n literal', 'lone \ud800 surrogate'];

for (const backend of testBackends()) {
  describe(`array literals on ${backend.name}`, () => {
    let db: Database;
    let drop: () => Promise<void>;
    beforeAll(async () => ({ db, drop } = await backend.open()));
    afterAll(async () => drop?.());

    it('round-trips awkward text, numbers, booleans and nulls exactly', async () => {
      const expected = AWKWARD.map((v) => (typeof v === 'string' ? v.replace('\ud800', '\ufffd') : v));
      const texts = await db.query<{ v: string | null }>(`SELECT unnest($1::text[]) AS v`, [arrayLiteral(AWKWARD.map((v) => (typeof v === 'string' ? v.replace('\ud800', '\ufffd') : v)))]);
      expect(texts.map((r) => r.v)).toEqual(expected);
      const numbers = [0, -1.5, 1772416800123, 1e21, 119.97123456789, null];
      const floats = await db.query<{ v: number | null }>(`SELECT unnest($1::float8[]) AS v`, [arrayLiteral(numbers)]);
      expect(floats.map((r) => r.v)).toEqual(numbers);
      const bools = await db.query<{ v: boolean | null }>(`SELECT unnest($1::bool[]) AS v`, [arrayLiteral([true, false, null])]);
      expect(bools.map((r) => r.v)).toEqual([true, false, null]);
    });
  });
}
