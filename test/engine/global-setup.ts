import { ensureEngine } from "../../scripts/engine/index";

export default async function setup(): Promise<void> {
  const engine = await ensureEngine((line) => console.log(line));
  console.log(`engine: pulumi v${engine.version} (${engine.source})`);
}
