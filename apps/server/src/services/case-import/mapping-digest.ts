import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/** SHA-256 of the mapping's canonical JSON (RFC 8785): the same mapping, however formatted, has the same digest. */
export function mappingDigest(mapping: unknown): string {
  return createHash('sha256').update(canonicalize(mapping) ?? 'null').digest('hex');
}
