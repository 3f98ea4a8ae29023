import type { z } from 'zod';

/** One line per problem, each naming the field: `events[3].lon: expected a number`. */
export function describeIssues(error: z.ZodError, prefix = ''): string {
  return error.issues
    .map((issue) => {
      const path = issue.path
        .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 && !prefix ? String(p) : `.${String(p)}`))
        .join('');
      const where = `${prefix}${path}` || '(body)';
      return `${where}: ${issue.message}`;
    })
    .join('; ');
}
