import { describe, expect, it } from 'vitest';
import { searchFilters } from '../../src/lib/search-filters';

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
