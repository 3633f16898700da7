// Builds one Astro project in this process and reports its wall time and peak memory (max RSS) as JSON.
// Run with the project as the working directory: node build-once.mjs <outDir>
import { build } from 'astro';

const [outDir] = process.argv.slice(2);
const start = performance.now();
await build({ root: process.cwd(), outDir, logLevel: 'error' });
console.log(JSON.stringify({ ms: Math.round(performance.now() - start), maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024) }));
