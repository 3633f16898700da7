/** Image tags that move by design: a lab file never names one (tests/labs/versions.test.ts and the Dockerfile check). */
export const MOVING_TAGS = new Set(['latest', 'stable', 'weekly', 'nightly', 'main', 'master', 'edge']);
