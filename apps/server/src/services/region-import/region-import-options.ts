import { z } from 'zod';
import type { RegionLevel } from '@gridlens/contracts';

/** Levels a boundary file can be imported at, top down; each level's parent is the one before it. */
export const IMPORT_LEVELS = ['city', 'district', 'street', 'community', 'grid'] as const satisfies readonly RegionLevel[];

export function parentLevelOf(level: RegionLevel): RegionLevel | null {
  const i = IMPORT_LEVELS.indexOf(level);
  return i > 0 ? IMPORT_LEVELS[i - 1] : null;
}

const property = () =>
  z.string({ error: 'give the name of a property of the features' }).trim().min(1, { error: 'give the name of a property of the features' });

/** What a region import is told (CLI flags, or the upload form's fields: the same names in camelCase). */
export const regionImportOptions = z
  .object({
    level: z.enum(IMPORT_LEVELS, { error: 'expected city, district, street, community or grid' }),
    codeProperty: property(),
    nameProperty: property(),
    nameEnProperty: property().optional(),
    parentProperty: property().optional(),
    parentByContainment: z.boolean().default(false),
    /** The file's CRS when it does not state one (or to override it): wgs84, cgcs2000, gcj02, bd09, EPSG:<code>, proj4. */
    crs: z.string().trim().min(1, { error: 'give wgs84, cgcs2000, gcj02, bd09, EPSG:<code> or a proj4 string' }).optional(),
    /** proj4 definition for an EPSG code gridlens does not know. */
    proj4: z.string().trim().min(1).optional(),
    /** Text encoding of a Shapefile's .dbf when it has no .cpg (default UTF-8), e.g. gbk. */
    encoding: z.string().trim().min(1).optional(),
    dryRun: z.boolean().default(false),
  })
  .superRefine((o, ctx) => {
    if (o.parentProperty && o.parentByContainment) {
      ctx.addIssue({ code: 'custom', path: ['parentProperty'], message: 'name a parent property or ask for parents by containment, not both' });
    }
    if (o.level === 'city' && (o.parentProperty || o.parentByContainment)) {
      ctx.addIssue({ code: 'custom', path: ['level'], message: 'a city has no parent' });
    }
    if (o.level !== 'city' && o.level !== 'district' && !o.parentProperty && !o.parentByContainment) {
      ctx.addIssue({ code: 'custom', path: ['parentProperty'], message: `a ${o.level} needs a parent: name its property, or ask for parents by containment` });
    }
  });

export type RegionImportOptions = z.output<typeof regionImportOptions>;

const kebab = (name: string) => `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/**
 * Parse options, throwing an Error whose message names each option at fault: as a CLI flag (`--parent-property`,
 * `cli`) or as the upload form's field (`parentProperty`, `form`).
 */
export function parseRegionImportOptions(input: unknown, style: 'cli' | 'form' = 'cli'): RegionImportOptions {
  const parsed = regionImportOptions.safeParse(input);
  if (parsed.success) return parsed.data;
  const name = (path: PropertyKey[]) => (style === 'cli' ? kebab(String(path[0])) : String(path[0]));
  throw new Error(parsed.error.issues.map((i) => `${name(i.path)}: ${i.message}`).join('; '));
}
