import { z } from 'zod';
import { ROLES, type Role } from './case';

export const loginSchema = z.object({
  username: z.string({ error: 'expected a string' }).min(1, { error: 'must not be empty' }).max(64),
  password: z.string({ error: 'expected a string' }).min(1, { error: 'must not be empty' }).max(1024),
});
export type LoginRequest = z.infer<typeof loginSchema>;

export interface LoginResponse {
  token: string;
  role: Role;
}

export const roleSchema = z.enum(ROLES, { error: `expected one of ${ROLES.join(', ')}` });
