/**
 * The handbook's tracks: top-level folders of src/content/docs, in the order the sidebar and the
 * progress page show them. A page's `track` must match its folder.
 */
export const TRACKS = [
  { id: 'start', label: 'Start here' },
  { id: 'devops', label: 'DevOps track' },
  { id: 'mlops', label: 'MLOps track' },
  { id: 'reference', label: 'Reference' },
  // The team's own pages (src/content/docs/team/); the sidebar label comes from the team settings.
  { id: 'team', label: 'Our team' },
] as const;

export type TrackId = (typeof TRACKS)[number]['id'];
export const TRACK_IDS = TRACKS.map((track) => track.id) as [TrackId, ...TrackId[]];

/** Tracks whose pages are chapters: they carry the full template, checklist included. */
export const CHAPTER_TRACKS: readonly string[] = ['devops', 'mlops'];

export const trackLabel = (id: string): string => TRACKS.find((track) => track.id === id)?.label ?? id;

/** Whether a page of this track is listed, given the chapter tracks the team settings show. Pages
 *  outside chapter tracks (orientation, reference, team) are always listed. */
export const isTrackShown = (track: string | undefined, shownTracks: readonly string[]): boolean =>
  !track || !CHAPTER_TRACKS.includes(track) || shownTracks.includes(track);
