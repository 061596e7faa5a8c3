import { describe, expect, it } from "vitest";
import { type ProcessPeak, roleOf, stackArgument, summarizePeaks } from "./process-memory";

describe("roleOf", () => {
  it("tells the engine, a dynamic-provider process and the Node process hosting the program apart", () => {
    expect(roleOf(["/root/.mailinfra/engine/bin/pulumi", "up", "--stack", "a"])).toBe("engine");
    expect(roleOf(["/usr/bin/node", "/x/bin/pulumi-resource-pulumi-nodejs", "127.0.0.1:4000"])).toBe(
      "providers",
    );
    expect(
      roleOf(["/usr/bin/node", "--require", "/x/tsx/preflight.cjs", "/work/main/scripts/pulumi.ts", "up"]),
    ).toBe("program");
    expect(roleOf(["npm", "run", "fleet"])).toBe("other");
    expect(roleOf(["sh", "-c", "tsx scripts/pulumi.ts up"])).toBe("other");
  });
});

describe("stackArgument", () => {
  it("reads --stack S, --stack=S and -s S", () => {
    expect(stackArgument(["pulumi", "up", "--stack", "fleet-01", "--yes"])).toBe("fleet-01");
    expect(stackArgument(["pulumi", "up", "--stack=fleet-02"])).toBe("fleet-02");
    expect(stackArgument(["pulumi", "refresh", "-s", "fleet-03"])).toBe("fleet-03");
    expect(stackArgument(["pulumi", "up"])).toBeUndefined();
  });
});

describe("summarizePeaks", () => {
  const proc = (
    pid: number,
    role: ProcessPeak["role"],
    mb: number,
    cpuSeconds = 1,
    stack = "a",
  ): ProcessPeak => ({
    pid,
    role,
    stack,
    peakKb: mb * 1024,
    cpuSeconds,
  });

  it("keeps the largest process per role over every stack, and the largest process of all with its role", () => {
    const peaks = summarizePeaks(
      [
        proc(1, "engine", 300, 20, "a"),
        proc(2, "engine", 700, 30, "b"),
        proc(3, "providers", 200, 5, "a"),
        proc(4, "providers", 250, 6, "b"),
        proc(5, "program", 900, 10, "a"),
        proc(6, "program", 400, 8, "b"),
        proc(7, "other", 60, 1, "a"),
      ],
      { peakKb: 500 * 1024, cpuSeconds: 12 },
    );
    expect(peaks).toMatchObject({
      benchProcessMb: 500,
      engineMb: 700,
      providersMb: 250,
      programMb: 900,
      maxProcessMb: 900,
      maxProcessRole: "program",
      processes: 7,
      treeSumMb: 2810,
      cpuSeconds: { bench: 12, engine: 50, providers: 11, program: 18 },
    });
  });

  it("names this process when it is the largest, and copes with no children at all", () => {
    expect(summarizePeaks([], { peakKb: 300 * 1024, cpuSeconds: 0.04 })).toMatchObject({
      maxProcessMb: 300,
      maxProcessRole: "bench",
      engineMb: 0,
      processes: 0,
      cpuSeconds: { bench: 0, engine: 0 },
    });
  });
});
