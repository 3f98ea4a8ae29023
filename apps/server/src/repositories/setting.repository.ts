import { Inject, Injectable } from '@nestjs/common';
import { DATABASE, type Database, type Queryable } from '../db/database';

/** Shared secrets and the record of applied seeds: state every instance must agree on. */
@Injectable()
export class SettingRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /** The secret named `name`, created from `generate()` by whichever instance asks first. */
  async secret(name: string, generate: () => string): Promise<string> {
    await this.db.query(`INSERT INTO app_secret (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`, [name, generate()]);
    const [row] = await this.db.query<{ value: string }>(`SELECT value FROM app_secret WHERE name = $1`, [name]);
    return row.value;
  }

  /** Mark a seed applied; false when it already was (the caller then skips it). */
  async claimSeed(tx: Queryable, name: string): Promise<boolean> {
    const rows = await tx.query(`INSERT INTO seed_applied (name) VALUES ($1) ON CONFLICT (name) DO NOTHING RETURNING name`, [name]);
    return rows.length === 1;
  }
}
