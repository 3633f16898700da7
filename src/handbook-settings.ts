// The resolved team settings, shared by astro.config.mjs and the components: handbook.config.ts with
// the environment's overrides, validated once.
import fromFile from '../handbook.config';
import { resolveSettings } from './lib/settings';

export const settings = resolveSettings(fromFile, process.env);
