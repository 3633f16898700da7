// What one component's script adds to a page: the JS modules reachable from its entry script and
// from no other entry script of the page (shared chunks, such as the progress store, are paid for by
// whichever component loads them first, so they are not counted against this one).
// Reads Vite's output: static `import … from "./x.js"` and `import "./x.js"` between files of one folder.

const STATIC_IMPORT = /\bimport\s*(?:[^"'();]*?\bfrom\s*)?["']\.\/([^"']+\.js)["']/g;

/** File names a module imports statically (dynamic import() is loaded on demand, so it is not counted). */
export const importsOf = (source) => [...source.matchAll(STATIC_IMPORT)].map((match) => match[1]);

/** Every module reachable from `entry`, itself included; `read(name)` returns a module's source. */
export function reachable(entry, read) {
  const seen = new Set();
  const walk = (name) => {
    if (seen.has(name)) return;
    seen.add(name);
    for (const imported of importsOf(read(name))) walk(imported);
  };
  walk(entry);
  return seen;
}

/** Modules reachable from `entry` and from none of `others`, sorted. */
export function exclusiveModules(entry, others, read) {
  const shared = new Set(others.flatMap((other) => [...reachable(other, read)]));
  return [...reachable(entry, read)].filter((name) => !shared.has(name)).sort();
}
