import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { DatabaseUnavailableError } from '../db/database';

/** The database is down: 503 with Retry-After. Nothing was committed; the client retries. */
@Catch(DatabaseUnavailableError)
export class DatabaseUnavailableFilter implements ExceptionFilter {
  catch(error: DatabaseUnavailableError, host: ArgumentsHost): void {
    host
      .switchToHttp()
      .getResponse<Response>()
      .status(503)
      .setHeader('Retry-After', '5')
      .json({ statusCode: 503, error: 'Service Unavailable', message: `${error.message}; nothing was committed, retry later` });
  }
}
