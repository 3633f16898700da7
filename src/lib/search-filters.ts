/**
 * The Pagefind filters a page carries, shown in the search dialog so readers can narrow results to
 * their track or to a kind of page. They come from the track model; pages without a track carry none.
 */
import { trackLabel, trackOf } from './tracks';

export interface SearchFilters {
  track?: string;
  type?: string;
}

/** The one page whose type is not its track's. */
const PAGE_TYPES: Record<string, string> = { 'reference/glossary': 'Glossary' };

export function searchFilters(id: string, track: string | undefined, teamLabel = 'Our team'): SearchFilters {
  const model = trackOf(track);
  if (!model) return {};
  const name = model.id === 'team' ? trackLabel('team', teamLabel) : model.searchName;
  return { track: name, type: PAGE_TYPES[id] ?? model.pageType };
}
