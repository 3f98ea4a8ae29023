/**
 * Deterministic ids: the same source record always gives the same case id, and the same stage at the same instant
 * the same event id, so importing a file twice adds nothing (the event log refuses repeated ids) and a re-export in
 * which a record moved on adds only its new events.
 */
const MAX_CASE_ID = 64;

export function caseIdOf(source: string, recordId: string): string {
  const plain = `${source}-${recordId.trim()}`;
  return plain.length <= MAX_CASE_ID && /^[\x21-\x7e]+$/.test(plain) ? plain : `${source}-h${hash64(recordId.trim())}`;
}

/** `<caseId>:<type>:<instant in base 36 ms>`, at most 64 + 1 + 10 + 1 + 9 characters (under the contract's 128). */
export function eventIdOf(caseId: string, type: string, atMs: number): string {
  return `${caseId}:${type}:${atMs.toString(36)}`;
}

/** 64-bit FNV-1a of the UTF-16 code units, as 16 hex digits (ids only; not a security hash). */
export function hash64(text: string): string {
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i));
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, '0');
}
