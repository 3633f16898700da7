import { describe, expect, it } from 'vitest';
import { exclusiveModules, importsOf } from '../../scripts/bench/exclusive-js.mjs';

const files: Record<string, string> = {
  'Quiz.entry.js': 'import"./quiz.B1.js";',
  'quiz.B1.js': 'import{p as a}from"./store.C2.js";import {x} from "./util.D3.js";const l=()=>import("./lazy.E4.js");',
  'Checklist.entry.js': 'import"./list.F5.js";',
  'list.F5.js': 'import{p}from"./store.C2.js";',
  'store.C2.js': 'export const p=1;',
  'util.D3.js': 'export const x=2;',
  'lazy.E4.js': 'export default 3;',
};
const read = (name: string) => {
  if (!(name in files)) throw new Error(`no module ${name}`);
  return files[name]!;
};

describe('JS a component adds to a page', () => {
  it('reads static imports, minified or not, and leaves dynamic ones out', () => {
    expect(importsOf(files['quiz.B1.js'])).toEqual(['store.C2.js', 'util.D3.js']);
    expect(importsOf(files['Quiz.entry.js'])).toEqual(['quiz.B1.js']);
  });

  it('counts the modules only its entry reaches, not the chunks another component also loads', () => {
    expect(exclusiveModules('Quiz.entry.js', ['Checklist.entry.js'], read)).toEqual(['Quiz.entry.js', 'quiz.B1.js', 'util.D3.js']);
    expect(exclusiveModules('Quiz.entry.js', [], read)).toEqual(['Quiz.entry.js', 'quiz.B1.js', 'store.C2.js', 'util.D3.js']);
  });
});
