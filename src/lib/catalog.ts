/**
 * The checklist catalog: the one shape in which pages hand their checklists and knowledge checks to
 * client scripts (checklist, learning path, progress page, print view, team view). Built at build
 * time by src/page-catalog.ts, embedded as JSON by <CatalogData>, read back by `readCatalog`.
 */
import { trackLabel, trackRank } from './tracks';

export interface CatalogChapter {
  /** The page's slug: the chapter id progress is keyed by. */
  id: string;
  title: string;
  href: string;
  track: string;
  items: { id: string; text: string }[];
  questions: { id: string; text: string }[];
}

export interface CatalogGroup {
  track: string;
  label: string;
  chapters: CatalogChapter[];
}

/** What groupByTrack needs of a page. */
export interface Orderable {
  track: string | undefined;
  order: number;
  title: string;
}

/**
 * Groups pages by track in the handbook's track order, each group in learning order (then title);
 * pages without a track are left out, unknown tracks come last. The team's label comes from the settings.
 */
export function groupByTrack<T extends Orderable>(pages: readonly T[], teamLabel?: string): { track: string; label: string; pages: T[] }[] {
  const tracks = [...new Set(pages.flatMap((page) => (page.track ? [page.track] : [])))].sort((a, b) => trackRank(a) - trackRank(b) || a.localeCompare(b));
  return tracks.map((track) => ({
    track,
    label: trackLabel(track, teamLabel),
    pages: pages.filter((page) => page.track === track).sort((a, b) => a.order - b.order || a.title.localeCompare(b.title)),
  }));
}

/** The catalog groups of the given chapters, as embedded in pages. */
export function catalogGroups<T extends Orderable & CatalogChapter>(chapters: readonly T[], teamLabel?: string): CatalogGroup[] {
  return groupByTrack(chapters, teamLabel).map(({ track, label, pages }) => ({
    track,
    label,
    chapters: pages.map(({ id, title, href, track: chapterTrack, items, questions }) => ({ id, title, href, track: chapterTrack, items, questions })),
  }));
}

/** Reads a catalog embedded by <CatalogData>; a missing or broken one reads as empty. */
export function parseCatalog(text: string | null | undefined): CatalogGroup[] {
  if (!text) return [];
  try {
    const data: unknown = JSON.parse(text);
    return Array.isArray(data) ? (data as CatalogGroup[]) : [];
  } catch {
    return [];
  }
}

export const catalogChapters = (groups: readonly CatalogGroup[]): CatalogChapter[] => groups.flatMap((group) => group.chapters);
