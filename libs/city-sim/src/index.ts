export { Rng } from './rng';
export { TimeHeap } from './heap';
export { type GeneratorOptions, type SimCity, buildCity, defaultClock, generateEvents } from './generator';
export { type SimDistrict, type Inspector, type TownCentre } from './city';
export { type SimGrid, MIN_PATROL_GRIDS, GridOwners, patrolAreas, serpentineRoute } from './grid-patrols';
export { type Hotspot, defaultHotspots, hotspotStrength } from './hotspots';
export { type LiveRate, type RateModel, DEFAULT_RATE_MODEL, Rhythm, nextArrival } from './rhythm';
export { type LifecycleRates, type LifecycleStep, DEFAULT_LIFECYCLE_RATES, planLifecycle } from './lifecycle';
export { type CatalogueInput, type SimCategory, Categories } from './catalogue';
export { type AreaGeometry, type Position, pointInGeometry } from './geometry';
export { formatInstant } from './time';
export {
  type BuiltUpArea,
  type SyntheticDistrictInput,
  type SyntheticGrid,
  type SyntheticGroup,
  type SyntheticLayout,
  type SyntheticRegions,
  DEFAULT_SYNTHETIC_LAYOUT,
  buildSyntheticRegions,
} from './synthetic-regions';
