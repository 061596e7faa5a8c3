interface StateResource {
  type: string;
  id?: string;
  outputs?: Record<string, unknown>;
}

/** The dynamic resources of one type in an exported deployment, e.g. `WorkspaceUser`. */
export function resourcesOfType(deployment: { resources?: StateResource[] }, type: string): StateResource[] {
  return (deployment.resources ?? []).filter((r) => r.type === `pulumi-nodejs:dynamic/mailinfra:${type}`);
}
