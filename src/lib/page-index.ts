/**
 * The site's pages as plain data (slug, title, track, order, body), collected once per build for the
 * components that cross-link pages.
 */
import { getCollection } from 'astro:content';
import { backlinks } from './link-graph';

export interface PageSummary {
  id: string;
  title: string;
  track: string | undefined;
  order: number;
  body: string;
  tools: { name: string; purpose: string }[];
}

let pages: Promise<PageSummary[]> | undefined;

export function allPages(): Promise<PageSummary[]> {
  pages ??= getCollection('docs').then((entries) =>
    entries.map((entry) => ({ id: entry.id, title: entry.data.title, track: entry.data.track, order: entry.data.order ?? 0, body: entry.body ?? '', tools: entry.data.tools })),
  );
  return pages;
}

let graph: Promise<Map<string, string[]>> | undefined;

export function backlinkGraph(): Promise<Map<string, string[]>> {
  graph ??= allPages().then((list) => backlinks(list));
  return graph;
}
