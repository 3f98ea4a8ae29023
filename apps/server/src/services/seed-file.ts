import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { INPUT_CRS, describeIssues } from '@gridlens/contracts';

/** db/seed/regions/<city>/regions.json: the city outline and its districts, matched to features by a property. */
export const regionsFile = z.object({
  datum: z.enum(INPUT_CRS),
  city: z.object({ code: z.string(), nameZh: z.string(), nameEn: z.string(), file: z.string() }),
  districts: z.object({
    file: z.string(),
    matchProperty: z.string(),
    items: z.array(z.object({ match: z.string(), code: z.string(), nameZh: z.string(), nameEn: z.string() })),
  }),
});

export async function readSeedJson(path: string): Promise<unknown> {
  return JSON.parse(await readFile(path, 'utf8'));
}

/** A seed file checked against its schema; throws naming the file and every wrong field. */
export function parseSeed<T>(schema: z.ZodType<T>, value: unknown, file: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new Error(`${file}: ${describeIssues(result.error)}`);
  return result.data;
}
