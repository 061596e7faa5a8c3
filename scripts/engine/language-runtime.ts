/**
 * The Node.js language runtime that @pulumi/pulumi ships for the Automation API (its `LanguageServer`, the same
 * one `LocalWorkspace` uses for inline programs), served on a loopback port so the engine can reach it with
 * `--client`. Used only where the `pulumi-language-nodejs` binary is not installed.
 */
import * as path from "node:path";

export interface LanguageRuntime {
  /** `127.0.0.1:PORT`, for the engine's `--client` flag. */
  address: string;
  stop(): void;
}

const sdkRoot = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const fromSdk = (m: string) => require(require.resolve(m, { paths: [sdkRoot] }));

export async function startLanguageRuntime(program: () => unknown): Promise<LanguageRuntime> {
  const grpc = fromSdk("@grpc/grpc-js");
  const { LanguageServer } = fromSdk("@pulumi/pulumi/automation/server");
  const langrpc = fromSdk("@pulumi/pulumi/proto/language_grpc_pb");
  const { grpcChannelOptions } = fromSdk("@pulumi/pulumi/runtime");

  const server = new grpc.Server({ ...grpcChannelOptions });
  const languageServer = new LanguageServer(async () => program());
  server.addService(langrpc.LanguageRuntimeService, languageServer);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(
      "127.0.0.1:0",
      grpc.ServerCredentials.createInsecure(),
      (err: Error | null, p: number) => (err ? reject(err) : resolve(p)),
    ),
  );
  return {
    address: `127.0.0.1:${port}`,
    stop: () => server.forceShutdown(),
  };
}
