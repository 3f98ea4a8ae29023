export * from './case';
export * from './validation';
export * from './ingest';
export * from './kpi';
export * from './grid';
export * from './region';
export * from './auth';
export * from './live';
