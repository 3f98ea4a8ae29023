import { Inject, Injectable } from '@nestjs/common';
import type { Category, Department, LimitUnit } from '@gridlens/contracts';
import { DATABASE, type Database, type Queryable } from '../db/database';

interface CategoryRow {
  code: string;
  level: Category['level'];
  parent_code: string | null;
  family: string;
  name_zh: string;
  name_en: string;
  limit_amount: number | string | null;
  limit_unit: LimitUnit | null;
  department_code: string | null;
  emergency: boolean;
}

const CATEGORY_COLUMNS = `code, level, parent_code, family, name_zh, name_en, limit_amount, limit_unit, department_code, emergency`;

/** The category catalogue and departments: data a city edits, never code. */
@Injectable()
export class CatalogueRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async categories(): Promise<Category[]> {
    const rows = await this.db.query<CategoryRow>(`SELECT ${CATEGORY_COLUMNS} FROM category ORDER BY code`);
    return rows.map(toCategory);
  }

  /** Pass the transaction when calling inside one (PGlite has a single connection: `db` would wait for it). */
  async categoriesByCode(codes: string[], q: Queryable = this.db): Promise<Category[]> {
    if (codes.length === 0) return [];
    const rows = await q.query<CategoryRow>(`SELECT ${CATEGORY_COLUMNS} FROM category WHERE code = ANY($1::text[])`, [codes]);
    return rows.map(toCategory);
  }

  /** The minor categories under any of these codes (a minor code stands for itself). */
  async minorsUnder(codes: string[]): Promise<string[]> {
    const rows = await this.db.query<{ code: string }>(
      `SELECT c.code FROM category c
       LEFT JOIN category major ON major.code = c.parent_code
       WHERE c.level = 'minor' AND (c.code = ANY($1::text[]) OR c.parent_code = ANY($1::text[]) OR major.parent_code = ANY($1::text[]))
       ORDER BY c.code`,
      [codes],
    );
    return rows.map((r) => r.code);
  }

  async departments(): Promise<Department[]> {
    const rows = await this.db.query<{ code: string; name_zh: string; name_en: string }>(
      `SELECT code, name_zh, name_en FROM department ORDER BY code`,
    );
    return rows.map((r) => ({ code: r.code, nameZh: r.name_zh, nameEn: r.name_en }));
  }

  async existingDepartments(codes: string[]): Promise<Set<string>> {
    if (codes.length === 0) return new Set();
    const rows = await this.db.query<{ code: string }>(`SELECT code FROM department WHERE code = ANY($1::text[])`, [codes]);
    return new Set(rows.map((r) => r.code));
  }

  async upsertDepartment(tx: Queryable, d: Department): Promise<void> {
    await tx.query(
      `INSERT INTO department (code, name_zh, name_en) VALUES ($1, $2, $3)
       ON CONFLICT (code) DO UPDATE SET name_zh = EXCLUDED.name_zh, name_en = EXCLUDED.name_en`,
      [d.code, d.nameZh, d.nameEn],
    );
  }

  async upsertCategory(tx: Queryable, c: Category): Promise<void> {
    await tx.query(
      `INSERT INTO category (${CATEGORY_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (code) DO UPDATE SET level = EXCLUDED.level, parent_code = EXCLUDED.parent_code,
         family = EXCLUDED.family, name_zh = EXCLUDED.name_zh, name_en = EXCLUDED.name_en,
         limit_amount = EXCLUDED.limit_amount, limit_unit = EXCLUDED.limit_unit,
         department_code = EXCLUDED.department_code, emergency = EXCLUDED.emergency`,
      [c.code, c.level, c.parent, c.family, c.nameZh, c.nameEn, c.timeLimit?.amount ?? null, c.timeLimit?.unit ?? null, c.department, c.emergency],
    );
  }
}

function toCategory(r: CategoryRow): Category {
  return {
    code: r.code,
    level: r.level,
    parent: r.parent_code,
    family: r.family,
    nameZh: r.name_zh,
    nameEn: r.name_en,
    timeLimit: r.limit_amount !== null && r.limit_unit !== null ? { amount: Number(r.limit_amount), unit: r.limit_unit } : null,
    department: r.department_code,
    emergency: r.emergency,
  };
}
