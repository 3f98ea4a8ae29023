import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { roleSchema, type Role } from '@gridlens/contracts';
import { UserRepository } from '../repositories/user.repository';
import { AuthService } from './auth.service';

const USERNAME = /^[A-Za-z0-9_.@-]{1,64}$/;

@Injectable()
export class UserService {
  constructor(@Inject(UserRepository) private readonly users: UserRepository) {}

  /** Create or update an account; returns the password (generated when none is given). */
  async add(username: string, role: string, password?: string): Promise<string> {
    if (!USERNAME.test(username)) throw new BadRequestException('username: 1-64 letters, digits, _ . @ or -');
    const parsedRole = roleSchema.safeParse(role);
    if (!parsedRole.success) throw new BadRequestException(`role: expected planner, leader or admin (got "${role}")`);
    const secret = password ?? generatePassword();
    if (secret.length < 8) throw new BadRequestException('password: at least 8 characters');
    await this.users.upsert({ username, role: parsedRole.data as Role, passwordHash: await AuthService.hashPassword(secret) });
    return secret;
  }

  /**
   * The `admin` account on first start: with ADMIN_PASSWORD, or a generated password returned once for
   * printing. Null when the account already exists.
   */
  async ensureAdmin(password: string | null): Promise<{ password: string; generated: boolean } | null> {
    if (await this.users.find('admin')) return null;
    const secret = password ?? generatePassword();
    const inserted = await this.users.insertIfAbsent({ username: 'admin', role: 'admin', passwordHash: await AuthService.hashPassword(secret) });
    return inserted ? { password: secret, generated: password === null } : null;
  }

  remove(username: string): Promise<boolean> {
    return this.users.remove(username);
  }

  list() {
    return this.users.list();
  }
}

function generatePassword(): string {
  return randomBytes(12).toString('base64url');
}
