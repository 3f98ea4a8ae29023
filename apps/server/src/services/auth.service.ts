import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { hash, verify } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';
import { ROLES, type LoginResponse, type Role } from '@gridlens/contracts';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { SettingRepository } from '../repositories/setting.repository';
import { UserRepository } from '../repositories/user.repository';

export interface Principal {
  username: string;
  role: Role;
}

/** Accounts: argon2id password hashes, HS256 tokens signed with a key every instance shares (in the DB). */
@Injectable()
export class AuthService {
  private key: Uint8Array | null = null;
  /** A real hash to verify against when the user does not exist, so timing does not reveal usernames. */
  private decoy: string | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(UserRepository) private readonly users: UserRepository,
    @Inject(SettingRepository) private readonly settings: SettingRepository,
  ) {}

  static hashPassword(password: string): Promise<string> {
    return hash(password);
  }

  async login(username: string, password: string): Promise<LoginResponse> {
    const user = await this.users.find(username);
    this.decoy ??= await hash(randomBytes(16).toString('hex'));
    const ok = await verify(user?.passwordHash ?? this.decoy, password);
    if (!user || !ok) throw new UnauthorizedException('wrong username or password');
    const token = await new SignJWT({ role: user.role })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(user.username)
      .setIssuedAt()
      .setExpirationTime(`${this.config.TOKEN_TTL_HOURS}h`)
      .sign(await this.signingKey());
    return { token, role: user.role };
  }

  /** The principal a bearer token stands for; throws 401 when it is missing, expired or forged. */
  async verifyToken(token: string | null | undefined): Promise<Principal> {
    if (!token) throw new UnauthorizedException('sign in first: missing bearer token');
    try {
      const { payload } = await jwtVerify(token, await this.signingKey(), { algorithms: ['HS256'] });
      const role = payload.role as Role;
      if (!payload.sub || !ROLES.includes(role)) throw new Error('bad claims');
      return { username: payload.sub, role };
    } catch {
      throw new UnauthorizedException('invalid or expired token: sign in again');
    }
  }

  isIngestKey(key: string | null): boolean {
    return key !== null && this.config.INGEST_API_KEYS.includes(key);
  }

  private async signingKey(): Promise<Uint8Array> {
    this.key ??= Buffer.from(await this.settings.secret('token-signing-key', () => randomBytes(32).toString('base64')), 'base64');
    return this.key;
  }
}
