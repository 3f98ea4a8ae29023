/**
 * Copies of libs/contracts/src/map.ts constants: browser code imports only types from @gridlens/contracts (a value
 * import pulls zod into the bundle). map-headers.spec.ts checks they stay equal.
 */
export const ARROW_STREAM_TYPE = 'application/vnd.apache.arrow.stream';
export const SEQ_HEADER = 'x-gridlens-seq';
export const TRUNCATED_HEADER = 'x-gridlens-truncated';
