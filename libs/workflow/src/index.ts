export * from './transitions';
export * from './case-state';
export * from './apply-event';
