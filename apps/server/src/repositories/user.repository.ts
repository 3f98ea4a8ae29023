import { Inject, Injectable } from '@nestjs/common';
import type { Role } from '@gridlens/contracts';
import { DATABASE, type Database } from '../db/database';

export interface UserRecord {
  username: string;
  passwordHash: string;
  role: Role;
}

@Injectable()
export class UserRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async find(username: string): Promise<UserRecord | null> {
    const rows = await this.db.query<{ username: string; password_hash: string; role: Role }>(
      `SELECT username, password_hash, role FROM app_user WHERE username = $1`,
      [username],
    );
    return rows.length ? { username: rows[0].username, passwordHash: rows[0].password_hash, role: rows[0].role } : null;
  }

  /** Insert, or replace the password and role of an existing account. */
  async upsert(user: UserRecord): Promise<void> {
    await this.db.query(
      `INSERT INTO app_user (username, password_hash, role) VALUES ($1, $2, $3)
       ON CONFLICT (username) DO UPDATE SET password_hash = EXCLUDED.password_hash, role = EXCLUDED.role`,
      [user.username, user.passwordHash, user.role],
    );
  }

  /** Insert only if absent; true when inserted. */
  async insertIfAbsent(user: UserRecord): Promise<boolean> {
    const rows = await this.db.query(
      `INSERT INTO app_user (username, password_hash, role) VALUES ($1, $2, $3) ON CONFLICT (username) DO NOTHING RETURNING username`,
      [user.username, user.passwordHash, user.role],
    );
    return rows.length === 1;
  }

  async remove(username: string): Promise<boolean> {
    const rows = await this.db.query(`DELETE FROM app_user WHERE username = $1 RETURNING username`, [username]);
    return rows.length === 1;
  }

  async list(): Promise<{ username: string; role: Role; createdAt: string }[]> {
    const rows = await this.db.query<{ username: string; role: Role; created_at: Date }>(
      `SELECT username, role, created_at FROM app_user ORDER BY username`,
    );
    return rows.map((r) => ({ username: r.username, role: r.role, createdAt: r.created_at.toISOString() }));
  }
}
