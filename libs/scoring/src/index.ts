export * from './instrument.types.js';
export * from './validate-answers.js';
export * from './score-instrument.js';
export * from './check-instrument.js';
export * from './instruments/index.js';
