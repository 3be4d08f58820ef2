/**
 * Where the main window opens: its size, position and maximised state, remembered per display
 * arrangement (the laptop alone, the laptop docked to two screens…). Pure: the displays and the
 * stored file are parameters; `window-state-file.ts` reads and writes the file.
 *
 * Choices: a placement is stored under a key made of the displays' bounds (ids change between
 * boots on Windows; bounds do not). With no placement for the current arrangement, the last one
 * used is tried. A placement is used only if its title bar (the top strip a person drags) is
 * reachable on some display; otherwise the window opens at its saved size, shrunk to fit, centred
 * on the primary display. A bad or foreign file is treated as empty: it only ever holds geometry.
 */

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface DisplayArea {
  /** The display's full bounds (the key of an arrangement). */
  bounds: Rect;
  /** The part not covered by the taskbar or the Dock. */
  workArea: Rect;
}

export interface WindowPlacement {
  bounds: Rect;
  maximized: boolean;
}

export interface WindowStateFile {
  version: 1;
  /** Key of the arrangement saved last. */
  last: string | null;
  placements: Record<string, WindowPlacement>;
}

export const EMPTY_WINDOW_STATE: WindowStateFile = { version: 1, last: null, placements: {} };

/** At most this many arrangements are kept (oldest dropped first). */
export const MAX_ARRANGEMENTS = 20;
/** The title bar strip that must be on a display for a placement to count as visible. */
const TITLE_BAR_HEIGHT = 32;
const MIN_VISIBLE_TITLE_WIDTH = 100;

export function arrangementKey(displays: readonly DisplayArea[]): string {
  return displays
    .map(({ bounds: b }) => `${b.x},${b.y},${b.width}x${b.height}`)
    .sort()
    .join(';');
}

function overlap(a: Rect, b: Rect): Rect | null {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  const right = Math.min(a.x + a.width, b.x + b.width);
  const bottom = Math.min(a.y + a.height, b.y + b.height);
  return right > x && bottom > y ? { x, y, width: right - x, height: bottom - y } : null;
}

/** Whether a person can reach the window's title bar on one of the displays. */
export function titleBarVisible(bounds: Rect, displays: readonly DisplayArea[]): boolean {
  const titleBar = {
    x: bounds.x,
    y: bounds.y,
    width: bounds.width,
    height: Math.min(TITLE_BAR_HEIGHT, bounds.height),
  };
  return displays.some((d) => {
    const seen = overlap(titleBar, d.workArea);
    return (
      seen !== null &&
      seen.width >= Math.min(MIN_VISIBLE_TITLE_WIDTH, bounds.width) &&
      seen.y === titleBar.y
    );
  });
}

function centredOn(area: Rect, width: number, height: number): Rect {
  const w = Math.min(width, area.width);
  const h = Math.min(height, area.height);
  return {
    x: area.x + Math.floor((area.width - w) / 2),
    y: area.y + Math.floor((area.height - h) / 2),
    width: w,
    height: h,
  };
}

/**
 * The placement to open with. `defaultSize` is used for a first start; `primary` is the display
 * the operating system calls primary (it must be one of `displays`, or the first one is used).
 */
export function placementFor(
  state: WindowStateFile,
  displays: readonly DisplayArea[],
  primary: DisplayArea | undefined,
  defaultSize: { width: number; height: number },
): WindowPlacement {
  const home = primary ?? displays[0];
  if (home === undefined) {
    return { bounds: { x: 0, y: 0, ...defaultSize }, maximized: false };
  }
  const saved =
    state.placements[arrangementKey(displays)] ??
    (state.last === null ? undefined : state.placements[state.last]);
  if (saved !== undefined && titleBarVisible(saved.bounds, displays)) return saved;
  const size = saved?.bounds ?? defaultSize;
  return {
    bounds: centredOn(home.workArea, size.width, size.height),
    maximized: saved?.maximized ?? false,
  };
}

/** The state with `placement` remembered for the current arrangement. */
export function rememberPlacement(
  state: WindowStateFile,
  displays: readonly DisplayArea[],
  placement: WindowPlacement,
): WindowStateFile {
  const key = arrangementKey(displays);
  const others = Object.entries(state.placements).filter(([k]) => k !== key);
  const kept = others.slice(Math.max(0, others.length - (MAX_ARRANGEMENTS - 1)));
  return {
    version: 1,
    last: key,
    placements: Object.fromEntries([...kept, [key, placement]]),
  };
}

function isRect(value: unknown): value is Rect {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  return (
    ['x', 'y', 'width', 'height'].every(
      (k) => typeof r[k] === 'number' && Number.isFinite(r[k]) && Number.isInteger(r[k]),
    ) &&
    (r.width as number) > 0 &&
    (r.height as number) > 0
  );
}

/** Reads the stored file's text; anything unexpected gives the empty state (never throws). */
export function parseWindowState(text: string): WindowStateFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return EMPTY_WINDOW_STATE;
  }
  if (typeof raw !== 'object' || raw === null) return EMPTY_WINDOW_STATE;
  const file = raw as Record<string, unknown>;
  if (file.version !== 1 || typeof file.placements !== 'object' || file.placements === null) {
    return EMPTY_WINDOW_STATE;
  }
  const placements: Record<string, WindowPlacement> = {};
  for (const [key, value] of Object.entries(file.placements)) {
    const p = value as Record<string, unknown> | null;
    if (p && isRect(p.bounds) && typeof p.maximized === 'boolean') {
      const { x, y, width, height } = p.bounds;
      placements[key] = { bounds: { x, y, width, height }, maximized: p.maximized };
    }
  }
  const last = typeof file.last === 'string' && file.last in placements ? file.last : null;
  return { version: 1, last, placements };
}
