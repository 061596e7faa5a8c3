import type { EngineEvent } from "@pulumi/pulumi/automation";

/**
 * What an engine operation changed, per resource, from its event stream: `"update WorkspaceUser ana@a.test-user"`.
 * Refresh reports each resource it found different as an `update` (a `delete` when it is gone); preview and up
 * report the steps they plan or take. Steps that change nothing (`same`, `refresh`, `read`), the stack itself
 * and the engine's default providers are left out.
 */
export interface ChangeLog {
  onEvent(event: EngineEvent): void;
  /** Sorted, one line per resource and operation. */
  changes(): string[];
}

const unchanged = new Set(["same", "refresh", "read"]);

export function changeLog(): ChangeLog {
  const seen = new Set<string>();
  return {
    onEvent(event) {
      const step = event.resOutputsEvent?.metadata ?? event.resourcePreEvent?.metadata;
      if (!step || unchanged.has(step.op) || step.type === "pulumi:pulumi:Stack") return;
      // Default providers follow stack config edits; they are the engine's, not the user's resources.
      if (step.type.startsWith("pulumi:providers:")) return;
      const type = step.type.split(/[:/]/).pop();
      const name = step.urn.split("::").pop();
      seen.add(`${step.op} ${type} ${name}`);
    },
    changes: () => [...seen].sort(),
  };
}
