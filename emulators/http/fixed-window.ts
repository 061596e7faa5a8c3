/** Requests counted in one window of a per-key limit that opened at `start` (epoch ms). */
export interface CountWindow {
  start: number;
  count: number;
}

/**
 * The key's current fixed window, a new one once `lengthMs` has passed since it opened: windows open with the
 * key's first request (Smartlead's minute and hour, Google's Directory minute per service account).
 */
export function fixedWindow(
  windows: Map<string, CountWindow>,
  key: string,
  now: number,
  lengthMs: number,
): CountWindow {
  let window = windows.get(key);
  if (!window || now - window.start >= lengthMs) {
    window = { start: now, count: 0 };
    windows.set(key, window);
  }
  return window;
}
