import type { CaseSource, LimitUnit } from '@gridlens/contracts';
import type { Rng } from './rng';

/** The parts of the category catalogue (db/seed/catalogue.json) the simulator needs. */
export interface CatalogueInput {
  categories: readonly {
    code: string;
    level: string;
    department?: string | null;
    timeLimit?: { amount: number; unit: LimitUnit } | null;
    emergency?: boolean;
  }[];
}

/** A category cases can be reported in: a minor category with a department and a time limit. */
export interface SimCategory {
  code: string;
  department: string;
  timeLimit: { amount: number; unit: LimitUnit };
  emergency: boolean;
}

/** Relative frequency by major class, then boosts for the everyday minor ones (street order and garbage dominate). */
const MAJOR_WEIGHT: Record<string, number> = {
  E01: 5,
  E02: 3,
  E03: 1.5,
  E04: 0.5,
  E05: 6,
  E06: 1.2,
  C01: 1,
  C02: 0.7,
  C03: 0.8,
  C04: 0.8,
  C05: 0.3,
  C06: 0.2,
};
const MINOR_BOOST: Record<string, number> = {
  E0505: 3,
  E0506: 2.5,
  E0102: 2,
  E0201: 2.5,
  E0504: 1.8,
  E0507: 1.5,
  E0104: 1.5,
  E0101: 0.5,
  E0403: 0.3,
  C0118: 2,
};
/** What residents phone or post about more than inspectors see. */
const PUBLIC_BOOST: Record<string, number> = { E0301: 4, E0108: 4, E0107: 3, E0302: 2, C0118: 1.5, E0404: 2, E0405: 2 };
/** What an inspector may fix on the spot (自处理): ads torn off, a bin put back, bikes lined up. */
export const SELF_HANDLEABLE = new Set(['E0201', 'E0205', 'E0506', 'E0507', 'C0305', 'E0104', 'E0202']);

export class Categories {
  readonly all: SimCategory[];
  private readonly byCode: Map<string, SimCategory>;
  private readonly inspectorWeights: number[];
  private readonly publicWeights: number[];
  readonly departments: string[];

  constructor(catalogue: CatalogueInput) {
    this.all = catalogue.categories
      .filter((c) => c.level === 'minor' && c.department && c.timeLimit)
      .map((c) => ({ code: c.code, department: c.department!, timeLimit: c.timeLimit!, emergency: c.emergency ?? false }));
    if (this.all.length === 0) throw new Error('catalogue: no minor category with a department and a time limit');
    this.byCode = new Map(this.all.map((c) => [c.code, c]));
    const base = this.all.map((c) => (MAJOR_WEIGHT[c.code.slice(0, 3)] ?? 0.5) * (MINOR_BOOST[c.code] ?? 1));
    this.inspectorWeights = base;
    this.publicWeights = base.map((w, i) => w * (PUBLIC_BOOST[this.all[i].code] ?? 1));
    this.departments = [...new Set(this.all.map((c) => c.department))].sort();
  }

  get(code: string): SimCategory | undefined {
    return this.byCode.get(code);
  }

  /** A background category for a report from `source`. */
  draw(source: CaseSource, rng: Rng): SimCategory {
    const weights = source === 'inspector' || source === 'collector' ? this.inspectorWeights : this.publicWeights;
    return this.all[rng.weightedIndex(weights)];
  }
}
