import { describe, expect, it } from "vitest";
import { type CountWindow, fixedWindow } from "./fixed-window";

describe("fixedWindow", () => {
  it("opens with a key's first request, keeps counting within its length, opens anew after it", () => {
    const windows = new Map<string, CountWindow>();
    const first = fixedWindow(windows, "k", 1_000, 60);
    first.count += 1;
    expect(fixedWindow(windows, "k", 1_059, 60)).toBe(first);
    expect(fixedWindow(windows, "other", 1_059, 60)).toEqual({ start: 1_059, count: 0 });
    expect(fixedWindow(windows, "k", 1_060, 60)).toEqual({ start: 1_060, count: 0 });
    expect(windows.get("k")).toEqual({ start: 1_060, count: 0 });
  });
});
