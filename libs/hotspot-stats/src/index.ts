export { erfc, normalCdf, twoSidedP } from './normal';
export { getisOrdGiStar, type GiStarResult } from './gi-star';
export { benjaminiHochbergThreshold, CONFIDENCE_LEVELS, confidenceBin, confidenceBinOfZ, confidenceBins, fdrBins } from './bins';
export { mannKendall, type MannKendallResult } from './mann-kendall';
export { classifyEmerging, EMERGING_KINDS, type EmergingKind, type EmergingOptions, type EmergingPattern } from './emerging';
