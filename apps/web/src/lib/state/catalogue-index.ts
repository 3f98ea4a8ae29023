import type { Category, Department, Region } from '@gridlens/contracts';

/** Something with a name in both languages. */
export interface Named {
  code: string;
  nameZh: string;
  nameEn: string;
}

export type NameLanguage = 'zh' | 'en';

/** Lookup by code; the name in a language, or the code itself when unknown (never an empty label). */
export class NameIndex<T extends Named> {
  private readonly byCode: Map<string, T>;
  constructor(readonly items: readonly T[]) {
    this.byCode = new Map(items.map((i) => [i.code, i]));
  }
  get(code: string | null | undefined): T | undefined {
    return code ? this.byCode.get(code) : undefined;
  }
  name(code: string | null | undefined, language: NameLanguage): string {
    if (!code) return '';
    const item = this.byCode.get(code);
    if (!item) return code;
    return (language === 'zh' ? item.nameZh : item.nameEn) || code;
  }
}

/** One option of the category picker: every level, in tree order, with its depth for indenting. */
export interface CategoryOption {
  code: string;
  depth: number;
  category: Category;
}

/**
 * The categories in tree order (family, its majors, each major's minors), children sorted by code. Categories
 * whose parent is unknown are placed at the top level so none is lost.
 */
export function categoryTree(categories: readonly Category[]): CategoryOption[] {
  const codes = new Set(categories.map((c) => c.code));
  const children = new Map<string | null, Category[]>();
  for (const c of categories) {
    const parent = c.parent && codes.has(c.parent) ? c.parent : null;
    children.set(parent, [...(children.get(parent) ?? []), c]);
  }
  const out: CategoryOption[] = [];
  const walk = (parent: string | null, depth: number) => {
    for (const c of [...(children.get(parent) ?? [])].sort((a, b) => a.code.localeCompare(b.code))) {
      out.push({ code: c.code, depth, category: c });
      walk(c.code, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

export interface CatalogueData {
  categories: readonly Category[];
  departments: readonly Department[];
  districts: readonly Region[];
}

/** The catalogues indexed for names, and the category picker's options. */
export function indexCatalogue(data: CatalogueData) {
  return {
    categories: new NameIndex(data.categories),
    departments: new NameIndex(data.departments),
    districts: new NameIndex([...data.districts].sort((a, b) => a.code.localeCompare(b.code))),
    categoryOptions: categoryTree(data.categories),
  };
}
export type CatalogueIndex = ReturnType<typeof indexCatalogue>;
