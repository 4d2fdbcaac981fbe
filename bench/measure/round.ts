// Figures as the benchmark prints them: to 0.1 and to 0.001.
export const r1 = (x: number) => Math.round(x * 10) / 10;
export const r3 = (x: number) => Math.round(x * 1000) / 1000;
