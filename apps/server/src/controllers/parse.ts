import { BadRequestException } from '@nestjs/common';
import type { z } from 'zod';
import { describeIssues } from '@gridlens/contracts';

/** Validate a query or body with a contract schema; 400 naming each bad field. */
export function parseOr400<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value ?? {});
  if (!result.success) throw new BadRequestException(describeIssues(result.error));
  return result.data;
}
