// The indicator engine: pure functions from per-case facts to indicators, scores, grades and ranks (docs/evaluation.md).
export {};
