export * from './crs';
export { epsgDefinition } from './projections';
