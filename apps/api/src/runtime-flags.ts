// Node options the API runs with wherever it is started (`npm start`, the Docker image, the
// benchmark), kept equal by runtime-flags.spec.ts.
//
// V8 grows the old generation lazily: under a burst of requests the garbage of finished requests
// piles up there, and the process's resident memory climbed ~6 MB/s at 6,500 requests/s (a no-op
// mutation) to over 300 MB, while the heap left after a full collection stayed under 70 MB. A limit
// makes V8 collect before growing past it. It bounds the JavaScript heap only: PGlite's memory
// (the quick start's embedded database) lies outside it.
export const API_NODE_FLAGS = ['--max-old-space-size=256'] as const;
