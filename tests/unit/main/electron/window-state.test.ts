import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  EMPTY_WINDOW_STATE,
  MAX_ARRANGEMENTS,
  arrangementKey,
  parseWindowState,
  placementFor,
  rememberPlacement,
  titleBarVisible,
  type DisplayArea,
  type Rect,
} from '../../../../src/main/electron/window-state';

const LAPTOP: DisplayArea = {
  bounds: { x: 0, y: 0, width: 1440, height: 900 },
  workArea: { x: 0, y: 25, width: 1440, height: 875 },
};
const MONITOR_RIGHT: DisplayArea = {
  bounds: { x: 1440, y: -200, width: 2560, height: 1440 },
  workArea: { x: 1440, y: -200, width: 2560, height: 1400 },
};
const DEFAULT = { width: 1280, height: 820 };

describe('window placement', () => {
  it('opens a first start at the default size, centred on the primary display', () => {
    expect(placementFor(EMPTY_WINDOW_STATE, [LAPTOP], LAPTOP, DEFAULT)).toEqual({
      bounds: { x: 80, y: 52, width: 1280, height: 820 },
      maximized: false,
    });
  });

  it('remembers a placement per display arrangement', () => {
    const onMonitor = { bounds: { x: 2000, y: 0, width: 1600, height: 1000 }, maximized: true };
    const onLaptop = { bounds: { x: 10, y: 40, width: 1200, height: 800 }, maximized: false };
    let state = rememberPlacement(EMPTY_WINDOW_STATE, [LAPTOP, MONITOR_RIGHT], onMonitor);
    state = rememberPlacement(state, [LAPTOP], onLaptop);
    expect(placementFor(state, [MONITOR_RIGHT, LAPTOP], LAPTOP, DEFAULT)).toEqual(onMonitor);
    expect(placementFor(state, [LAPTOP], LAPTOP, DEFAULT)).toEqual(onLaptop);
  });

  it('a place on a monitor that is gone falls back to the primary display, keeping the size', () => {
    const onMonitor = { bounds: { x: 2000, y: 0, width: 1300, height: 800 }, maximized: true };
    const state = rememberPlacement(EMPTY_WINDOW_STATE, [LAPTOP, MONITOR_RIGHT], onMonitor);
    // Undocked: no placement for the laptop alone, and the last one is off every display.
    expect(placementFor(state, [LAPTOP], LAPTOP, DEFAULT)).toEqual({
      bounds: { x: 70, y: 62, width: 1300, height: 800 },
      maximized: true,
    });
  });

  it('a window larger than the display is shrunk to its work area', () => {
    const huge = { bounds: { x: 5000, y: 5000, width: 3000, height: 2000 }, maximized: false };
    const state = rememberPlacement(EMPTY_WINDOW_STATE, [MONITOR_RIGHT], huge);
    expect(placementFor(state, [LAPTOP], LAPTOP, DEFAULT).bounds).toEqual(LAPTOP.workArea);
  });

  it('a title bar above the top of the screen (under the macOS menu bar) is not reachable', () => {
    expect(titleBarVisible({ x: 100, y: 0, width: 800, height: 600 }, [LAPTOP])).toBe(false);
    expect(titleBarVisible({ x: 100, y: 25, width: 800, height: 600 }, [LAPTOP])).toBe(true);
    // Only a sliver of the title bar on the screen: not enough to drag it back.
    expect(titleBarVisible({ x: 1400, y: 100, width: 800, height: 600 }, [LAPTOP])).toBe(false);
  });

  it('with no display at all (headless), opens at the origin', () => {
    expect(placementFor(EMPTY_WINDOW_STATE, [], undefined, DEFAULT).bounds).toEqual({
      x: 0,
      y: 0,
      ...DEFAULT,
    });
  });

  it('keeps at most MAX_ARRANGEMENTS arrangements, the newest', () => {
    let state = EMPTY_WINDOW_STATE;
    for (let i = 0; i < MAX_ARRANGEMENTS + 5; i += 1) {
      const display = {
        bounds: { x: 0, y: 0, width: 1000 + i, height: 800 },
        workArea: LAPTOP.workArea,
      };
      state = rememberPlacement(state, [display], {
        bounds: { x: 0, y: 30, width: 900, height: 700 },
        maximized: false,
      });
    }
    const keys = Object.keys(state.placements);
    expect(keys).toHaveLength(MAX_ARRANGEMENTS);
    expect(state.last).toBe(keys.at(-1));
    expect(keys).not.toContain(
      arrangementKey([{ ...LAPTOP, bounds: { ...LAPTOP.bounds, width: 1000 } }]),
    );
  });

  it('reads a bad, foreign or partly bad file as far as it is good, never throwing', () => {
    expect(parseWindowState('not json')).toEqual(EMPTY_WINDOW_STATE);
    expect(parseWindowState('null')).toEqual(EMPTY_WINDOW_STATE);
    expect(parseWindowState('{"version":2,"placements":{}}')).toEqual(EMPTY_WINDOW_STATE);
    const good = { bounds: { x: 1, y: 30, width: 900, height: 700 }, maximized: false };
    const text = JSON.stringify({
      version: 1,
      last: 'b',
      placements: {
        a: good,
        b: { bounds: { x: 'far', y: 0, width: 10, height: 10 }, maximized: false },
        c: { bounds: { x: 0, y: 0, width: -5, height: 10 }, maximized: false },
        d: { bounds: { x: 0, y: 0, width: 5, height: 10 } },
      },
    });
    expect(parseWindowState(text)).toEqual({ version: 1, last: null, placements: { a: good } });
  });

  const rect = (min: number, max: number): fc.Arbitrary<Rect> =>
    fc.record({
      x: fc.integer({ min, max }),
      y: fc.integer({ min, max }),
      width: fc.integer({ min: 200, max: 4000 }),
      height: fc.integer({ min: 200, max: 3000 }),
    });
  const display: fc.Arbitrary<DisplayArea> = rect(-4000, 4000).map((bounds) => ({
    bounds,
    workArea: { ...bounds, y: bounds.y + 25, height: bounds.height - 25 },
  }));

  it('property: whatever was saved and whatever displays exist, the title bar can be reached', () => {
    fc.assert(
      fc.property(
        fc.array(display, { minLength: 1, maxLength: 4 }),
        fc.array(display, { minLength: 1, maxLength: 4 }),
        rect(-10_000, 10_000),
        fc.boolean(),
        (savedOn, now, bounds, maximized) => {
          const state = rememberPlacement(EMPTY_WINDOW_STATE, savedOn, { bounds, maximized });
          const placed = placementFor(state, now, now[0], DEFAULT);
          expect(titleBarVisible(placed.bounds, now)).toBe(true);
          expect(placed.bounds.width).toBeGreaterThan(0);
          expect(placed.maximized).toBe(maximized);
        },
      ),
    );
  });

  it('property: a placement read back from its file is the same', () => {
    fc.assert(
      fc.property(
        fc.array(display, { minLength: 1, maxLength: 3 }),
        rect(-3000, 3000),
        fc.boolean(),
        (displays, bounds, maximized) => {
          const state = rememberPlacement(EMPTY_WINDOW_STATE, displays, { bounds, maximized });
          expect(parseWindowState(JSON.stringify(state))).toEqual(state);
        },
      ),
    );
  });
});
