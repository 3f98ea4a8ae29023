import { readdir, readFile } from 'node:fs/promises';
import { repoPath } from '../../db/repo-path';

/** Mapping presets shipped in db/import-presets/<name>.json (e.g. nyc311), usable by name from the CLI and the page. */
export async function presetNames(): Promise<string[]> {
  return (await readdir(repoPath('db', 'import-presets'))).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
}

/** The preset's mapping JSON, or null when there is no preset of that name. */
export async function loadPreset(name: string): Promise<unknown | null> {
  if (!/^[a-z0-9_-]{1,40}$/.test(name) || !(await presetNames()).includes(name)) return null;
  return JSON.parse(await readFile(repoPath('db', 'import-presets', `${name}.json`), 'utf8'));
}
