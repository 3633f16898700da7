/**
 * The Pagefind filters a page carries, shown in the search dialog so readers can narrow results to
 * their track or to a kind of page. Pages without a track (landing, progress) carry none.
 */
export interface SearchFilters {
  track?: string;
  type?: string;
}

const TRACK_NAMES: Record<string, string> = { devops: 'DevOps', mlops: 'MLOps', reference: 'Reference', start: 'Start here' };

export function searchFilters(id: string, track: string | undefined, teamLabel = 'Our team'): SearchFilters {
  if (!track) return {};
  const name = track === 'team' ? teamLabel : (TRACK_NAMES[track] ?? track);
  if (track === 'devops' || track === 'mlops') return { track: name, type: 'Chapter' };
  if (track === 'start') return { track: name, type: 'Orientation' };
  if (track === 'team') return { track: name, type: 'Team page' };
  if (id === 'reference/glossary') return { track: name, type: 'Glossary' };
  return { track: name, type: 'Reference' };
}
