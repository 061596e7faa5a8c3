import type * as pulumi from "@pulumi/pulumi";

/**
 * The value an output resolves to under the mock runtime; rejects when computing it failed. Outputs keep their
 * promise internal (https://www.pulumi.com/docs/iac/concepts/testing/unit/ reads values inside `apply`), which
 * a test that awaits one value at a time would otherwise nest for every assertion.
 */
export function resolved<T>(output: pulumi.Output<T>): Promise<T> {
  return (output as unknown as { promise(): Promise<T> }).promise();
}
