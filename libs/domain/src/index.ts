export * from './enums.js';
export * from './survey-schedule.js';
