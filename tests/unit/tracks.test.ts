import { describe, expect, it } from 'vitest';
import { isTrackShown } from '../../src/lib/tracks';

describe('tracks the team settings show', () => {
  it('hides only chapter tracks the settings leave out', () => {
    expect(isTrackShown('devops', ['devops'])).toBe(true);
    expect(isTrackShown('mlops', ['devops'])).toBe(false);
    expect(isTrackShown('team', ['devops'])).toBe(true);
    expect(isTrackShown('reference', ['devops'])).toBe(true);
    expect(isTrackShown(undefined, ['devops'])).toBe(true);
  });
});
