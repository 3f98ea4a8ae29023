import { ArgumentsHost, Body, Catch, Controller, Get, HttpCode, HttpException, Inject, Param, Post, Query, Res, UseFilters, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { OPEN311_FORMATS, describeIssues, open311PostSchema, open311RequestQuerySchema, type Open311Error, type Open311Format } from '@gridlens/contracts';
import { JSON_TYPE, XML_TYPE, errorsXml, postResultXml, requestsXml, serviceDefinitionXml, servicesXml } from '../services/open311-format';
import { Open311Exception, Open311Service } from '../services/open311.service';

/** Every error of /open311 in the specification's format: [{code, description}] or <errors><error>, by the extension. */
@Catch(HttpException)
export class Open311ErrorFilter implements ExceptionFilter {
  catch(exception: HttpException, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const status = exception.getStatus();
    const body = exception.getResponse();
    const message = typeof body === 'string' ? body : (body as { message?: unknown }).message;
    const errors: Open311Error[] = [{ code: status, description: Array.isArray(message) ? message.join('; ') : String(message ?? exception.message) }];
    if (/\.xml(\?|$)/.test(req.originalUrl)) res.status(status).type(XML_TYPE).send(errorsXml(errors));
    else res.status(status).type(JSON_TYPE).send(JSON.stringify(errors));
  }
}

function formatOf(format: string): Open311Format {
  if (!(OPEN311_FORMATS as readonly string[]).includes(format)) {
    throw new Open311Exception(404, `format: ".${format}" is not served; use .json or .xml`);
  }
  return format as Open311Format;
}

function parse<T>(result: { success: true; data: T } | { success: false; error: Parameters<typeof describeIssues>[0] }): T {
  if (!result.success) throw new Open311Exception(400, describeIssues(result.error));
  return result.data;
}

function send(res: Response, format: Open311Format, json: unknown, toXml: () => string): void {
  if (format === 'xml') res.type(XML_TYPE).send(toXml());
  else res.type(JSON_TYPE).send(JSON.stringify(json));
}

/**
 * Open311 GeoReport v2 (docs/open311.md): GET open to anyone, as the specification intends for a city's public feed;
 * POST with an api_key from OPEN311_API_KEYS.
 */
@Controller('open311/v2')
@UseFilters(Open311ErrorFilter)
export class Open311Controller {
  constructor(@Inject(Open311Service) private readonly open311: Open311Service) {}

  @Get('services.:format')
  async services(@Param('format') format: string, @Query('jurisdiction_id') jurisdiction: string | undefined, @Res() res: Response): Promise<void> {
    const f = formatOf(format);
    this.open311.checkJurisdiction(jurisdiction);
    const services = await this.open311.services();
    send(res, f, services, () => servicesXml(services));
  }

  @Get('services/:code.:format')
  async definition(
    @Param('code') code: string,
    @Param('format') format: string,
    @Query('jurisdiction_id') jurisdiction: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const f = formatOf(format);
    this.open311.checkJurisdiction(jurisdiction);
    const definition = await this.open311.definition(code);
    send(res, f, definition, () => serviceDefinitionXml(definition));
  }

  @Get('requests.:format')
  async requests(@Param('format') format: string, @Query() query: unknown, @Res() res: Response): Promise<void> {
    const f = formatOf(format);
    const q = parse(open311RequestQuerySchema.safeParse(query ?? {}));
    this.open311.checkJurisdiction(q.jurisdiction_id);
    const requests = await this.open311.requests(q);
    send(res, f, requests, () => requestsXml(requests));
  }

  @Get('requests/:id.:format')
  async request(
    @Param('id') id: string,
    @Param('format') format: string,
    @Query('jurisdiction_id') jurisdiction: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const f = formatOf(format);
    this.open311.checkJurisdiction(jurisdiction);
    const requests = await this.open311.request(id);
    send(res, f, requests, () => requestsXml(requests));
  }

  /**
   * Form-encoded as the specification says (JSON bodies are read too); 200 with [{service_request_id, …}] (200, not
   * 201: the specification names no other success status, and some clients test for 200).
   */
  @Post('requests.:format')
  @HttpCode(200)
  async create(@Param('format') format: string, @Body() body: unknown, @Res() res: Response): Promise<void> {
    const f = formatOf(format);
    const fields = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
    this.open311.checkApiKey(fields.api_key);
    const { api_key: _key, ...rest } = fields;
    const post = parse(open311PostSchema.safeParse(rest));
    this.open311.checkJurisdiction(post.jurisdiction_id);
    const results = await this.open311.create(post);
    send(res, f, results, () => postResultXml(results));
  }
}
