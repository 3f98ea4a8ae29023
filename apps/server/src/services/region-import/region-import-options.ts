import { z } from 'zod';
import type { RegionLevel } from '@gridlens/contracts';

/** Levels a boundary file can be imported at, top down; each level's parent is the one before it. */
export const IMPORT_LEVELS = ['city', 'district', 'street', 'community', 'grid'] as const satisfies readonly RegionLevel[];

export function parentLevelOf(level: RegionLevel): RegionLevel | null {
  const i = IMPORT_LEVELS.indexOf(level);
  return i > 0 ? IMPORT_LEVELS[i - 1] : null;
}

const property = (flag: string) =>
  z.string({ error: `${flag}: give the name of a property of the features` }).trim().min(1, { error: `${flag}: give the name of a property of the features` });

/** What a region import is told (CLI flags or the upload form's fields, same names in camelCase). */
export const regionImportOptions = z
  .object({
    level: z.enum(IMPORT_LEVELS, { error: '--level: expected city, district, street, community or grid' }),
    codeProperty: property('--code-property'),
    nameProperty: property('--name-property'),
    nameEnProperty: property('--name-en-property').optional(),
    parentProperty: property('--parent-property').optional(),
    parentByContainment: z.boolean().default(false),
    /** The file's CRS when it does not state one (or to override it): wgs84, cgcs2000, gcj02, bd09, EPSG:<code>, proj4. */
    crs: z.string().trim().min(1, { error: '--crs: give wgs84, cgcs2000, gcj02, bd09, EPSG:<code> or a proj4 string' }).optional(),
    /** proj4 definition for an EPSG code gridlens does not know. */
    proj4: z.string().trim().min(1).optional(),
    /** Text encoding of a Shapefile's .dbf when it has no .cpg (default UTF-8), e.g. gbk. */
    encoding: z.string().trim().min(1).optional(),
    dryRun: z.boolean().default(false),
  })
  .superRefine((o, ctx) => {
    if (o.parentProperty && o.parentByContainment) {
      ctx.addIssue({ code: 'custom', path: ['parentProperty'], message: '--parent-property and --parent-by-containment: give one, not both' });
    }
    if (o.level === 'city' && (o.parentProperty || o.parentByContainment)) {
      ctx.addIssue({ code: 'custom', path: ['level'], message: '--level city: a city has no parent' });
    }
    if (o.level !== 'city' && o.level !== 'district' && !o.parentProperty && !o.parentByContainment) {
      ctx.addIssue({ code: 'custom', path: ['parentProperty'], message: `--level ${o.level}: give --parent-property P or --parent-by-containment` });
    }
  });

export type RegionImportOptions = z.output<typeof regionImportOptions>;

/** Parse options, throwing an Error whose message names the option at fault. */
export function parseRegionImportOptions(input: unknown): RegionImportOptions {
  const parsed = regionImportOptions.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new Error(parsed.error.issues.map((i) => i.message).join('; '));
}
