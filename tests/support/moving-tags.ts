/** Image tags that move by design: a lab file never names one (image-versions and the Dockerfile check). */
export const MOVING_TAGS = new Set(['latest', 'stable', 'weekly', 'nightly', 'main', 'master', 'edge']);
