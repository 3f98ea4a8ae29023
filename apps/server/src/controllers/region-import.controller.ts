import { BadRequestException, Body, Controller, HttpCode, Inject, Post, UploadedFile, UseGuards, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { CrsError } from '@gridlens/geo';
import { Roles, UserGuard } from '../auth/guards';
import { RegionFileError, readRegionBuffer } from '../services/region-import/region-file';
import { parseRegionImportOptions } from '../services/region-import/region-import-options';
import type { RegionImportReport } from '../services/region-import/region-import-report';
import { RegionImportService } from '../services/region-import/region-import.service';

/** What multer hands over for the `file` field (kept in memory: boundary files are small). */
interface UploadedBoundaryFile {
  originalname: string;
  buffer: Buffer;
}

const MAX_UPLOAD_BYTES = 256 * 1024 ** 2;

/** Form fields arrive as text: 'true'/'false' become booleans, empty fields are left out. */
function formFields(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body ?? {})) {
    if (value === '' || value === undefined) continue;
    out[key] = key === 'parentByContainment' || key === 'dryRun' ? value === 'true' || value === true : value;
  }
  return out;
}

/**
 * `POST /api/v1/imports/regions` (admin): upload a boundary file (GeoJSON, or a .zip of a Shapefile) with the
 * region import's options as form fields (docs/import.md, "Regions"; docs/api.md, "Imports"). Runs at once, in one
 * transaction, and answers the report; `dryRun=true` reports without writing.
 */
@Controller('api/v1/imports')
@UseGuards(UserGuard)
@Roles('admin')
export class RegionImportController {
  constructor(@Inject(RegionImportService) private readonly imports: RegionImportService) {}

  @Post('regions')
  @HttpCode(200)
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 } }))
  async upload(@UploadedFile() file: UploadedBoundaryFile | undefined, @Body() body: Record<string, unknown>): Promise<RegionImportReport> {
    if (!file) throw new BadRequestException('file: expected a GeoJSON file or a .zip of a Shapefile in the multipart field "file"');
    let options;
    try {
      options = parseRegionImportOptions(formFields(body), 'form');
    } catch (error) {
      throw new BadRequestException((error as Error).message);
    }
    try {
      const source = await readRegionBuffer(file.originalname, file.buffer, options.encoding);
      return await this.imports.import(file.originalname, source, options);
    } catch (error) {
      if (error instanceof RegionFileError) throw new BadRequestException(`file: ${error.message}`);
      if (error instanceof CrsError) throw new BadRequestException(`crs: ${error.message}`);
      throw error;
    }
  }
}
