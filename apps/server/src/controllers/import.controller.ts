import {
  BadRequestException,
  Controller,
  Get,
  Inject,
  NotFoundException,
  Param,
  Post,
  Query,
  Req,
  Res,
  Sse,
  UploadedFile,
  UseGuards,
  UseInterceptors,
  type MessageEvent,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Request, Response } from 'express';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { concat, map, of, type Observable } from 'rxjs';
import { z } from 'zod';
import type { ImportJob } from '@gridlens/contracts';
import { Roles, UserGuard } from '../auth/guards';
import type { Principal } from '../services/auth.service';
import { CaseImportService } from '../services/case-import/case-import.service';
import { loadPreset, presetNames } from '../services/case-import/presets';
import { parseOr400 } from './parse';

type SignedIn = Request & { principal: Principal };

/** What multer hands over for the `file` field (stored on disk). */
interface UploadedCsv {
  originalname: string;
  path: string;
  size: number;
}

const MAX_UPLOAD_BYTES = 2 * 1024 ** 3;

const startSchema = z.object({
  mapping: z.string({ error: 'expected the mapping JSON (text)' }).optional(),
  preset: z.string({ error: 'expected a preset name' }).optional(),
  restart: z.enum(['true', 'false'], { error: 'expected true or false' }).optional(),
});

const listSchema = z.object({ limit: z.coerce.number({ error: 'expected a number' }).int().min(1).max(100).default(20) });

/**
 * Case imports for admins (docs/import.md, "Uploading in the web app"; docs/api.md, "Imports"). Upload a CSV or
 * .csv.gz with a mapping (JSON text field) or a preset name; the job runs in the server; progress as server-sent
 * events; the rejects CSV downloadable.
 */
@Controller('api/v1/imports')
@UseGuards(UserGuard)
@Roles('admin')
export class ImportController implements OnApplicationBootstrap {
  constructor(@Inject(CaseImportService) private readonly imports: CaseImportService) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.imports.failOrphans();
  }

  @Get('presets')
  presets(): Promise<string[]> {
    return presetNames();
  }

  @Get()
  async list(@Query() query: unknown): Promise<ImportJob[]> {
    return this.imports.list(parseOr400(listSchema, query).limit);
  }

  @Post('cases')
  @UseInterceptors(FileInterceptor('file', { dest: join(tmpdir(), 'gridlens-uploads'), limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 } }))
  async start(@UploadedFile() file: UploadedCsv | undefined, @Req() req: SignedIn): Promise<ImportJob> {
    if (!file) throw new BadRequestException('file: expected a CSV or gzip-compressed CSV file in the multipart field "file"');
    try {
      const body = parseOr400(startSchema, req.body);
      let mapping: unknown;
      if (body.mapping !== undefined) {
        try {
          mapping = JSON.parse(body.mapping);
        } catch (error) {
          throw new BadRequestException(`mapping: not valid JSON (${(error as Error).message})`);
        }
      } else if (body.preset !== undefined) {
        mapping = await loadPreset(body.preset);
        if (mapping === null) throw new BadRequestException(`preset: no preset named "${body.preset}" (have: ${(await presetNames()).join(', ')})`);
      } else {
        throw new BadRequestException('mapping: give the mapping JSON, or a preset name');
      }
      const started = await this.imports.start({
        filePath: file.path, fileName: file.originalname, mapping, startedBy: req.principal.username, restart: body.restart === 'true',
      });
      void started.done.finally(() => rm(file.path, { force: true }));
      return started.job;
    } catch (error) {
      await rm(file.path, { force: true });
      throw error;
    }
  }

  @Get(':id')
  async get(@Param('id') id: string): Promise<ImportJob> {
    const job = await this.imports.get(id);
    if (!job) throw new NotFoundException(`id: no import job "${id}"`);
    const { rejectsPath: _p, ...view } = job;
    return view;
  }

  /** Server-sent events: `progress` frames (the job) while it runs, the last one when it ends, then the stream closes. */
  @Sse(':id/events')
  async events(@Param('id') id: string): Promise<Observable<MessageEvent>> {
    const job = await this.imports.get(id);
    if (!job) throw new NotFoundException(`id: no import job "${id}"`);
    const { rejectsPath: _p, ...view } = job;
    const live = this.imports.progress(id);
    const frames = live ? concat(of(view as ImportJob), live) : of(view as ImportJob);
    return frames.pipe(map((data): MessageEvent => ({ type: 'progress', data })));
  }

  /** The rejects CSV (line, code, reason, then the raw row). */
  @Get(':id/rejects.csv')
  async rejects(@Param('id') id: string, @Res() res: Response): Promise<void> {
    const job = await this.imports.get(id);
    if (!job?.rejectsPath) throw new NotFoundException(`id: no import job "${id}"`);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="import-${id}-rejects.csv"`);
    res.sendFile(job.rejectsPath, (error) => {
      if (error && !res.headersSent) res.status(404).json({ statusCode: 404, message: 'rejects file is gone' });
    });
  }
}
