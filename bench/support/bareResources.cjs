/**
 * The Pulumi SDK's own floor for the offline plan (issue 12): N resources with a few plain inputs,
 * nine to a component, registered under the SDK's mock runtime as the plan registers the program's,
 * with nothing of ours: no config, no checks, no outputs, no table. Plain CommonJS, so that what is
 * timed is the SDK and not a TypeScript loader. Prints the time to load the SDK and to register.
 */
const loadStarted = performance.now();
const pulumi = require("@pulumi/pulumi");
const loaded = performance.now();
const count = Number(process.argv[2] ?? 900);
// As the plan does while the program runs (plan/evaluateStack.ts).
Error.stackTraceLimit = 0;

async function main() {
  await pulumi.runtime.setMocks({ newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }), call: (args) => args.inputs }, "bench", "floor", false);
  await pulumi.runtime.runInPulumiStack(async () => {
    for (let c = 0; c * 9 < count; c++) {
      const parent = new pulumi.ComponentResource("bench:index:Component", `component-${c}`, {}, {});
      for (let r = 0; r < 9 && c * 9 + r < count; r++) {
        new pulumi.CustomResource("bench:index:Resource", `resource-${c}-${r}`, { name: `resource ${c} ${r}`, enabled: true, limit: 10, tags: ["bench"] }, { parent });
      }
      parent.registerOutputs({});
    }
    return {};
  });
  await pulumi.runtime.disconnect();
  console.log(JSON.stringify({ loadMs: loaded - loadStarted, registerMs: performance.now() - loaded }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
