/**
 * The Open311 specs' plumbing: a built server started with extra settings on PGlite or a scratch PostgreSQL, the
 * GeoReport v2 JSON Schema (test/fixtures/open311, written from the specification), and XML checks (well-formed,
 * root and element names).
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { Ajv, type ValidateFunction } from 'ajv';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { BackendName } from './e2e-harness';
import { startServer, type ServerProcess } from './server-process';
import { createScratchDatabase } from './test-databases';

export interface Open311Server {
  server: ServerProcess;
  readonly url: string;
  close(): Promise<void>;
}

/** A server on its own fresh database with these extra environment variables. */
export async function launchWithEnv(backend: BackendName, env: Record<string, string>, dataDir?: string): Promise<Open311Server> {
  if (backend === 'postgres') {
    const scratch = await createScratchDatabase();
    const server = await startServer({ databaseUrl: scratch.url, env });
    return { server, url: server.url, close: async () => (await server.stop(), await scratch.drop()) };
  }
  const server = await startServer({ env, dataDir });
  return { server, url: server.url, close: () => server.stop() };
}

const execFileAsync = promisify(execFile);

/** `node dist/apps/server/cli.js ...` on a database (`DATA_DIR` or `DATABASE_URL` in env); its stdout. */
export async function runCli(args: string[], env: Record<string, string>): Promise<string> {
  const { stdout } = await execFileAsync(process.execPath, [resolve('dist/apps/server/cli.js'), ...args], {
    env: { ...(process.env as Record<string, string>), LOG_LEVEL: 'error', DEMO: 'off', ...env },
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout;
}

const schema = JSON.parse(readFileSync(resolve('test/fixtures/open311/georeport-v2.schema.json'), 'utf8')) as { definitions: Record<string, unknown> };
const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
ajv.addSchema(schema, 'georeport');

export type Open311Shape = 'services' | 'serviceDefinition' | 'requests' | 'postResult' | 'errors';

const validators = new Map<Open311Shape, ValidateFunction>();

/** Schema errors of `value` as the given answer (empty = valid). */
export function schemaErrors(shape: Open311Shape, value: unknown): string[] {
  let validate = validators.get(shape);
  if (!validate) {
    validate = ajv.getSchema(`georeport#/definitions/${shape}`)!;
    validators.set(shape, validate);
  }
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message}`);
}

/** The property names the schema allows for an item of the given shape (the XML element names). */
export function schemaFields(definition: 'service' | 'request' | 'errorItem' | 'postItem'): string[] {
  const defs = schema.definitions as Record<string, { properties?: Record<string, unknown>; items?: { properties?: Record<string, unknown> } }>;
  if (definition === 'errorItem') return Object.keys(defs.errors.items!.properties!);
  if (definition === 'postItem') return Object.keys(defs.postResult.items!.properties!);
  return Object.keys(defs[definition].properties!);
}

export interface XmlShape {
  declaration: string;
  root: string;
  /** The root's child element names (in order, repeated). */
  children: string[];
  /** Names of the grandchildren, per child. */
  fields: string[][];
  parsed: Record<string, unknown>;
}

/** Throws unless the text is well-formed XML with a UTF-8 declaration; then its outline. */
export function xmlShape(text: string): XmlShape {
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new Error(`not well-formed XML: ${JSON.stringify(valid.err)}`);
  const declaration = /^<\?xml[^>]*\?>/.exec(text)?.[0] ?? '';
  const parser = new XMLParser({ ignoreDeclaration: true, preserveOrder: true, parseTagValue: false });
  const ordered = parser.parse(text) as Record<string, unknown>[];
  const rootNode = ordered.find((n) => !Object.keys(n).some((k) => k.startsWith('?') || k === '#text'))!;
  const root = Object.keys(rootNode).find((k) => k !== ':@')!;
  const kids = (rootNode[root] as Record<string, unknown>[]).filter((n) => !('#text' in n));
  const children = kids.map((n) => Object.keys(n).find((k) => k !== ':@')!);
  const fields = kids.map((n, i) => ((n[children[i]] as Record<string, unknown>[]) ?? []).filter((g) => !('#text' in g)).map((g) => Object.keys(g).find((k) => k !== ':@')!));
  const parsed = new XMLParser({ ignoreDeclaration: true, parseTagValue: false, isArray: (name) => ['service', 'request', 'error'].includes(name) }).parse(text) as Record<string, unknown>;
  return { declaration, root, children, fields, parsed };
}

/** POST a form-encoded Open311 request. */
export async function postForm(url: string, fields: Record<string, string>): Promise<{ status: number; text: string; body: unknown; type: string }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* XML */
  }
  return { status: response.status, text, body, type: response.headers.get('content-type') ?? '' };
}

/** GET a URL; JSON parsed when it is JSON. */
export async function getText(url: string): Promise<{ status: number; text: string; body: unknown; type: string }> {
  const response = await fetch(url);
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* XML */
  }
  return { status: response.status, text, body, type: response.headers.get('content-type') ?? '' };
}
