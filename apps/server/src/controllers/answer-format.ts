import { StreamableFile } from '@nestjs/common';
import type { Response } from 'express';
import { ARROW_STREAM_TYPE, SOURCE_HEADER } from '@gridlens/contracts';

/**
 * "JSON or Arrow by Accept" for the answers with cells, points or series (docs/api.md, "Arrow answers"): JSON
 * unless the Accept header lists `application/vnd.apache.arrow.stream` (q > 0) at least as high as any other
 * type. Anything else gets JSON (never a 406).
 */
export function wantsArrow(accept: string | undefined): boolean {
  if (!accept) return false;
  let arrowQ = 0;
  let otherQ = 0;
  for (const range of accept.split(',')) {
    const [type, ...params] = range.split(';').map((p) => p.trim().toLowerCase());
    const qParam = params.find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q)) continue;
    if (type === ARROW_STREAM_TYPE) arrowQ = Math.max(arrowQ, q);
    else otherQ = Math.max(otherQ, q);
  }
  return arrowQ > 0 && arrowQ >= otherQ;
}

/**
 * The JSON answer, or its Arrow IPC stream when the client asks for it; always `Vary: Accept`, and the
 * x-gridlens-source header when the answer says what its counts were read from.
 */
export function answerByAccept<T>(accept: string | undefined, res: Response, json: T, toArrow: (answer: T) => Uint8Array): T | StreamableFile {
  res.vary('Accept');
  const source = (json as { source?: unknown }).source;
  if (typeof source === 'string') res.setHeader(SOURCE_HEADER, source);
  if (!wantsArrow(accept)) return json;
  const bytes = toArrow(json);
  return new StreamableFile(bytes, { type: ARROW_STREAM_TYPE, length: bytes.byteLength });
}
