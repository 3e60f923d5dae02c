/**
 * Loaded first by every mocha run (.mocharc.json "require"): clusters started by tests run the pod lifecycle 100×
 * faster (scheduling, container start, readiness initial delays and periods; probe periods no shorter than 0.3 s,
 * liveness timings never sped up; see cluster/README.md, "Pod lifecycle"). The supervisor inherits the variable from
 * the test process. Set RESILIENCE_POD_TIME_SCALE=1 to run the tests with the real timings.
 */
export const TEST_POD_TIME_SCALE = '0.01';
process.env.RESILIENCE_POD_TIME_SCALE ??= TEST_POD_TIME_SCALE;
