export * from './crs';
