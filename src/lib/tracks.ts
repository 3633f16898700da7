/**
 * The one track model. A track is a top-level folder of src/content/docs; this list gives each its
 * sidebar label, search filter, whether its pages are chapters (full template, checklist, knowledge
 * check), whether the team settings may hide it, and its landing-page card. Adding a track means one
 * entry here plus its content folder. The order here is the order of the sidebar, the progress page
 * and the print view.
 */
export interface TrackCard {
  title: string;
  /** A Starlight icon name. */
  icon: 'setting' | 'rocket' | 'open-book' | 'star';
  text: string;
}

export interface Track {
  id: string;
  /** Sidebar group and progress-page heading. */
  label: string;
  /** The value of the search dialog's "track" filter. */
  searchName: string;
  /** The search dialog's "type" filter for the track's pages. */
  pageType: 'Chapter' | 'Orientation' | 'Reference' | 'Team page';
  /** Chapters carry the full template: order, time, level, review, checklist, knowledge check. */
  chapters: boolean;
  /** The team settings' `tracks` may hide it. */
  hideable: boolean;
  card?: TrackCard;
}

export const TRACKS = [
  { id: 'start', label: 'Start here', searchName: 'Start here', pageType: 'Orientation', chapters: false, hideable: false },
  {
    id: 'devops',
    label: 'DevOps track',
    searchName: 'DevOps',
    pageType: 'Chapter',
    chapters: true,
    hideable: true,
    card: {
      title: 'DevOps track',
      icon: 'setting',
      text: 'Packaging, delivery and operations for the services you already write: Linux and networking, containers and Kubernetes, infrastructure as code, CI/CD and continuous delivery, scripting, cloud platforms, monitoring, security and the way teams work together. Plan on eight weeks at a few hours a week.',
    },
  },
  {
    id: 'mlops',
    label: 'MLOps track',
    searchName: 'MLOps',
    pageType: 'Chapter',
    chapters: true,
    hideable: true,
    card: {
      title: 'MLOps track',
      icon: 'rocket',
      text: 'The same discipline applied to machine learning: what models need that services do not, experiment tracking, pipelines, serving and safe rollouts, monitoring for drift, CI/CD for models, and running language models in production. It builds on the DevOps track and spans six to nine months alongside a day job.',
    },
  },
  { id: 'reference', label: 'Reference', searchName: 'Reference', pageType: 'Reference', chapters: false, hideable: false },
  // The team's own pages (src/content/docs/team/); the label comes from the team settings.
  { id: 'team', label: 'Our team', searchName: 'Our team', pageType: 'Team page', chapters: false, hideable: false },
] as const satisfies readonly Track[];

export type TrackId = (typeof TRACKS)[number]['id'];
export const TRACK_IDS = TRACKS.map((track) => track.id) as [TrackId, ...TrackId[]];

type HideableId = Extract<(typeof TRACKS)[number], { hideable: true }>['id'];
/** The tracks the team settings can show or hide. */
export const HIDEABLE_TRACKS = TRACKS.filter((track) => track.hideable).map((track) => track.id) as [HideableId, ...HideableId[]];

/** Tracks whose pages are chapters. */
export const CHAPTER_TRACKS: readonly string[] = TRACKS.filter((track) => track.chapters).map((track) => track.id);

export const trackOf = (id: string | undefined): Track | undefined => TRACKS.find((track) => track.id === id);
export const isChapterTrack = (id: string | undefined): boolean => trackOf(id)?.chapters === true;

/** The label of a track; the team's comes from the settings; an unknown track shows its id. */
export const trackLabel = (id: string, teamLabel?: string): string => (id === 'team' && teamLabel ? teamLabel : (trackOf(id)?.label ?? id));

/** Position in the handbook's track order; unknown tracks sort last. */
export const trackRank = (id: string | undefined): number => {
  const index = TRACKS.findIndex((track) => track.id === id);
  return index < 0 ? TRACKS.length : index;
};

/** Whether a page of this track is listed, given the tracks the team settings show. Tracks that
 *  cannot be hidden (orientation, reference, team) are always listed, as are pages without a track. */
export const isTrackShown = (track: string | undefined, shownTracks: readonly string[]): boolean =>
  !track || trackOf(track)?.hideable !== true || shownTracks.includes(track);
