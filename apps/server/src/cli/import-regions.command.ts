import { parseArgs } from 'node:util';
import { readRegionFile } from '../services/region-import/region-file';
import { parseRegionImportOptions } from '../services/region-import/region-import-options';
import { formatRegionImportReport } from '../services/region-import/region-import-report';
import { RegionImportService } from '../services/region-import/region-import.service';
import type { ImportCommand } from './import.command';

const USAGE = `regions FILE --level city|district|street|community|grid --code-property P --name-property P
      [--name-en-property P] [--parent-property P | --parent-by-containment]
      [--crs wgs84|cgcs2000|gcj02|bd09|EPSG:xxxx|"+proj=…" [--proj4 "+proj=…"]] [--encoding gbk] [--dry-run]
      FILE: GeoJSON, a .shp (with its .dbf/.prj beside it) or a .zip of one Shapefile`;

/** `gridlens import regions FILE ...`: boundaries of one level, with a report of what was repaired, overlaps and gaps. */
export const importRegionsCommand: ImportCommand = {
  usage: USAGE,
  async run(args, { app }) {
    const { positionals, values } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        level: { type: 'string' },
        'code-property': { type: 'string' },
        'name-property': { type: 'string' },
        'name-en-property': { type: 'string' },
        'parent-property': { type: 'string' },
        'parent-by-containment': { type: 'boolean', default: false },
        crs: { type: 'string' },
        proj4: { type: 'string' },
        encoding: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
      },
    });
    if (positionals.length !== 1) throw new Error(`import regions: give one FILE\n  import ${USAGE}`);
    const options = parseRegionImportOptions({
      level: values.level,
      codeProperty: values['code-property'],
      nameProperty: values['name-property'],
      nameEnProperty: values['name-en-property'],
      parentProperty: values['parent-property'],
      parentByContainment: values['parent-by-containment'],
      crs: values.crs,
      proj4: values.proj4,
      encoding: values.encoding,
      dryRun: values['dry-run'],
    });
    const [file] = positionals;
    const source = await readRegionFile(file, options.encoding);
    const report = await app.get(RegionImportService).import(file, source, options);
    console.log(formatRegionImportReport(report));
    return report.imported > 0 || report.read === 0 ? 0 : 1;
  },
};
