/**
 * Run in a process of its own by test/deferSdkModules.test.ts, as a bundle starts:
 * plan/deferSdkModules.ts first, then the SDK. Prints, as JSON, how many files of each deferred
 * module Node has loaded after each step, and whether the step worked.
 */
import "../../plan/deferSdkModules";
import * as pulumi from "@pulumi/pulumi";

const filesOf = (folder: string) => Object.keys(require.cache).filter((file) => file.includes(folder)).length;
const loaded = () => ({ typescript: filesOf("/node_modules/typescript/"), arborist: filesOf("/node_modules/@npmcli/arborist/") });

async function probe(): Promise<void> {
  const steps: Record<string, unknown> = { sdkLoaded: loaded() };
  const serialized = await pulumi.runtime.serializeFunction(() => (x: number) => x + 1);
  steps.serialized = { ...loaded(), works: serialized.text.includes("x=>x+1") };
  const codePaths = await pulumi.runtime.computeCodePaths({ extraIncludePackages: ["yaml"] });
  steps.codePaths = { ...loaded(), works: [...codePaths.keys()].some((file) => /node_modules[\\/]yaml$/.test(file)) };
  console.log(JSON.stringify(steps));
}

void probe();
