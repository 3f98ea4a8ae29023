import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Module boundaries (the Nx tags in each project.json): a lib never imports an app, libs with no I/O stay free of
 * Node built-ins and the database, and nothing reaches into another project's files by relative path.
 */
const PROJECTS = ['apps/server', 'apps/web', 'apps/sim', 'libs/contracts', 'libs/workflow', 'libs/work-clock', 'libs/geo', 'libs/city-sim', 'libs/hotspot-stats', 'libs/evaluation', 'libs/importer', 'libs/alerts'];
const PURE_LIBS = ['libs/contracts', 'libs/workflow', 'libs/work-clock', 'libs/geo', 'libs/city-sim', 'libs/hotspot-stats', 'libs/evaluation', 'libs/importer', 'libs/alerts'];
const IO_MODULES = /^(node:|fs$|path$|pg$|@electric-sql\/|@nestjs\/|socket\.io|redis$)/;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|svelte)$/.test(name) && !/\.spec\.ts$/.test(name) && !/spec-helpers/.test(name) ? [path] : [];
  });
}

function imports(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]);
}

describe('module boundaries', () => {
  it('every project is tagged', () => {
    for (const project of PROJECTS) {
      const json = JSON.parse(readFileSync(join(project, 'project.json'), 'utf8')) as { tags?: string[] };
      expect(json.tags?.some((t) => t.startsWith('type:')), project).toBe(true);
      expect(json.tags?.some((t) => t.startsWith('scope:')), project).toBe(true);
    }
  });

  it('libs import neither apps nor I/O, and projects meet only through @gridlens/* aliases', () => {
    const problems: string[] = [];
    for (const project of PROJECTS) {
      for (const file of sources(join(project, 'src'))) {
        for (const spec of imports(file)) {
          if (spec.startsWith('.') && !join(dirname(file), spec).startsWith(`${project}/`)) problems.push(`${file}: reaches into ${spec}`);
          if (project.startsWith('libs/') && /apps\//.test(spec)) problems.push(`${file}: a lib imports an app (${spec})`);
          if (project !== 'apps/server' && /apps\/server|@nestjs\/|^pg$/.test(spec)) problems.push(`${file}: only the server may import server code (${spec})`);
          if (PURE_LIBS.includes(project) && IO_MODULES.test(spec)) problems.push(`${file}: a pure lib imports ${spec}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("every @gridlens/* lib a project imports is in its implicitDependencies (Nx infers none here: a missing one leaves a cached build stale)", () => {
    const missing: string[] = [];
    for (const project of PROJECTS) {
      const json = JSON.parse(readFileSync(join(project, 'project.json'), 'utf8')) as { name: string; implicitDependencies?: string[] };
      const declared = new Set(json.implicitDependencies ?? []);
      const used = new Set(sources(join(project, 'src')).flatMap((file) => imports(file)).flatMap((spec) => /^@gridlens\/([a-z-]+)$/.exec(spec)?.[1] ?? []));
      for (const lib of used) if (lib !== json.name && !declared.has(lib)) missing.push(`${project} imports @gridlens/${lib}`);
    }
    expect(missing).toEqual([]);
  });
});
