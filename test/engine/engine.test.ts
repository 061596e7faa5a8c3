import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { sdkVersion } from "../../scripts/engine/index";
import { testStack } from "../support/stack";
import { Note } from "./fixtures/note";

describe("the real Pulumi engine runs a dynamic provider", () => {
  it("preview, up, up again, refresh after an out-of-band change, up restores, destroy", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mailinfra-note-"));
    const file = path.join(dir, "note.txt");
    const t = await testStack({
      program: async () => {
        const note = new Note("greeting", { path: file, content: "hello" });
        return { content: note.content };
      },
    });
    try {
      const preview = await t.stack.preview({ color: "never" });
      expect(preview.changeSummary).toEqual({ create: 2 });
      expect(fs.existsSync(file)).toBe(false);

      const up = await t.stack.up({ color: "never" });
      expect(up.summary.resourceChanges).toEqual({ create: 2 });
      expect(up.outputs.content.value).toBe("hello");
      expect(fs.readFileSync(file, "utf8")).toBe("hello");

      const again = await t.stack.up({ color: "never" });
      expect(again.summary.resourceChanges).toEqual({ same: 2 });

      fs.writeFileSync(file, "edited by hand");
      const refresh = await t.stack.refresh({ color: "never" });
      expect(refresh.summary.resourceChanges).toMatchObject({ update: 1, same: 1 });

      const drift = await t.stack.preview({ color: "never", diff: true });
      expect(drift.changeSummary).toEqual({ update: 1, same: 1 });

      const restore = await t.stack.up({ color: "never" });
      expect(restore.summary.resourceChanges).toEqual({ update: 1, same: 1 });
      expect(fs.readFileSync(file, "utf8")).toBe("hello");

      // The state stores a loader naming the module, not the provider's code.
      const state = await t.stack.exportStack();
      const note = state.deployment.resources.find(
        (r: { type: string }) => r.type === "pulumi-nodejs:dynamic:Resource",
      );
      expect(note.inputs.__provider).toContain("test/engine/fixtures/note.provider");
      expect(note.inputs.__provider).not.toContain("writeFileSync");
      expect(note.inputs.__provider.length).toBeLessThan(4000);

      const destroy = await t.stack.destroy({ color: "never" });
      expect(destroy.summary.resourceChanges).toEqual({ delete: 2 });
      expect(fs.existsSync(file)).toBe(false);
    } finally {
      await t.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("uses a CLI whose version equals @pulumi/pulumi", async () => {
    const t = await testStack({ program: async () => ({}) });
    try {
      const info = await t.stack.workspace.pulumiVersion;
      expect(info).toBe(sdkVersion());
    } finally {
      await t.dispose();
    }
  });
});
