import { describe, expect, it } from 'vitest';
import { CHAPTER_TRACKS, HIDEABLE_TRACKS, TRACKS, isTrackShown, trackLabel, trackRank } from '../../src/lib/tracks';
import { searchFilters } from '../../src/lib/search-filters';
import { settingsSchema } from '../../src/lib/settings';

describe('the track model', () => {
  it('hides only the tracks the settings may hide and leave out', () => {
    expect(isTrackShown('devops', ['devops'])).toBe(true);
    expect(isTrackShown('mlops', ['devops'])).toBe(false);
    expect(isTrackShown('team', ['devops'])).toBe(true);
    expect(isTrackShown('reference', ['devops'])).toBe(true);
    expect(isTrackShown(undefined, ['devops'])).toBe(true);
  });

  it('is the one source of the sidebar order, labels, chapter tracks and the settings’ choices', () => {
    expect(TRACKS.map((track) => track.id)).toEqual(['start', 'devops', 'mlops', 'reference', 'team']);
    expect(CHAPTER_TRACKS).toEqual(['devops', 'mlops']);
    expect(HIDEABLE_TRACKS).toEqual(['devops', 'mlops']);
    expect(settingsSchema.parse({}).tracks).toEqual(['devops', 'mlops']);
    expect(trackLabel('team', 'Acme')).toBe('Acme');
    expect(trackLabel('unknown')).toBe('unknown');
    expect(trackRank('unknown')).toBe(TRACKS.length);
  });
});

describe('search filters', () => {
  it('gives chapters their track and type', () => {
    expect(searchFilters('devops/containers', 'devops')).toEqual({ track: 'DevOps', type: 'Chapter' });
    expect(searchFilters('mlops/serving', 'mlops')).toEqual({ track: 'MLOps', type: 'Chapter' });
  });

  it('marks orientation, glossary, reference and team pages', () => {
    expect(searchFilters('start/backend-vs-devops', 'start')).toEqual({ track: 'Start here', type: 'Orientation' });
    expect(searchFilters('reference/glossary', 'reference')).toEqual({ track: 'Reference', type: 'Glossary' });
    expect(searchFilters('reference/tools', 'reference')).toEqual({ track: 'Reference', type: 'Reference' });
    expect(searchFilters('team/welcome', 'team', 'Acme')).toEqual({ track: 'Acme', type: 'Team page' });
  });

  it('leaves pages without a track unfiltered', () => {
    expect(searchFilters('progress', undefined)).toEqual({});
  });
});
