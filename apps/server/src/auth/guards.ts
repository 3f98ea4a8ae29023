import {
  ForbiddenException,
  Inject,
  Injectable,
  SetMetadata,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { Role } from '@gridlens/contracts';
import { AuthService, type Principal } from '../services/auth.service';

export function bearerToken(req: Request): string | null {
  const header = req.headers.authorization;
  const match = header ? /^Bearer\s+(.+)$/i.exec(header) : null;
  return match ? match[1].trim() : null;
}

export const INGEST_KEY_REQUIRED = 'a valid ingest key is required: Authorization: Bearer <key>';

/** Systems that push events: `Authorization: Bearer <one of INGEST_API_KEYS>`. */
@Injectable()
export class IngestKeyGuard implements CanActivate {
  constructor(@Inject(AuthService) private readonly auth: AuthService) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    if (!this.auth.isIngestKey(bearerToken(req))) throw new UnauthorizedException(INGEST_KEY_REQUIRED);
    return true;
  }
}

export const ROLES_KEY = 'gridlens:roles';
/** Restrict a route to some roles; without it any signed-in user may call it. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** Signed-in users: `Authorization: Bearer <token from /api/v1/auth/login>`. */
@Injectable()
export class UserGuard implements CanActivate {
  constructor(
    @Inject(AuthService) private readonly auth: AuthService,
    @Inject(Reflector) private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request & { principal?: Principal }>();
    const principal = await this.auth.verifyToken(bearerToken(req));
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [context.getHandler(), context.getClass()]);
    if (roles && !roles.includes(principal.role)) throw new ForbiddenException(`this needs one of the roles: ${roles.join(', ')}`);
    req.principal = principal;
    if (!principal) throw new UnauthorizedException();
    return true;
  }
}
