/**
 * `npm run bench`: how long the program takes to evaluate as stacks grow. For 1, 10 and
 * 100 services per stack, each stack (dev, staging, prod) is planned in its own process,
 * several times; the median of the in-process evaluation time (program load to last
 * registration) and of the whole process (start to answer) are printed, with the growth
 * ratio t(100)/t(10). Target: 100 services under 5 s; growth no worse than linear (≤ 10).
 */
import Table from "cli-table3";
import { environments, projectName } from "../config/projectKeys";
import { planStack, withOfflineCredentials } from "../plan/planStacks";
import { stackConfigValues } from "../plan/stackFiles";

const sizes = [1, 10, 100];
const runs = Number(process.env.BENCH_RUNS ?? 5);

/**
 * N services wired as the committed stacks wire theirs: each with a Sentry project, half
 * adopting an escalation policy and half creating one, every other one with a Slack route
 * (a channel id, for prod's PagerDuty Slack connections) and every third routed to Opsgenie.
 */
function services(count: number): unknown[] {
  return Array.from({ length: count }, (_, i) => {
    const id = String(i).padStart(3, "0");
    return {
      name: `Service ${id}`,
      sentry: { project: `service-${id}` },
      ...(i % 2 === 0 ? { slack: { routes: [{ account: "example-org", channel: `#svc-${id}`, channelId: `C0SVC${id}X` }] } } : {}),
      ...(i % 3 === 0 ? { opsgenie: { team: "Platform", adoptTeam: true } } : {}),
      escalationPolicy:
        i % 2 === 0
          ? { existing: { name: "Platform On-call" } }
          : { create: { rules: [{ delayMinutes: 15, targets: [{ type: "schedule_reference", id: "PSCHED1" }] }] } },
    };
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measure(stack: string, count: number): Promise<{ evaluation: number; process: number; resources: number }> {
  const base = stackConfigValues(stack);
  const values = { ...base.values, [`${projectName}:services`]: JSON.stringify(services(count)) };
  const request = withOfflineCredentials({ project: projectName, stack, values, secretKeys: base.secretKeys });
  const evaluations: number[] = [];
  const processes: number[] = [];
  let resources = 0;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const result = await planStack(request);
    processes.push(performance.now() - started);
    if (!result.ok) throw new Error(result.error);
    evaluations.push(result.millis);
    resources = result.resources.filter((r) => r.custom).length;
  }
  return { evaluation: median(evaluations), process: median(processes), resources };
}

async function main(): Promise<void> {
  console.log(`Offline-plan evaluation, median of ${runs} runs per cell, one process per run (${process.version}).`);
  const table = new Table({ head: ["services/stack", "stack", "resources", "evaluation ms", "process ms"], style: { head: [], border: [] } });
  const worst = new Map<number, number>();
  for (const count of sizes) {
    for (const stack of environments) {
      const m = await measure(stack, count);
      table.push([count, stack, m.resources, m.evaluation.toFixed(0), m.process.toFixed(0)]);
      worst.set(count, Math.max(worst.get(count) ?? 0, m.evaluation));
    }
  }
  console.log(table.toString());
  const t10 = worst.get(10) ?? NaN;
  const t100 = worst.get(100) ?? NaN;
  console.log(`slowest stack at 100 services: ${(t100 / 1000).toFixed(2)} s evaluation (target < 5 s)`);
  console.log(`growth t(100)/t(10): ${(t100 / t10).toFixed(2)} (linear would be 10; below means fixed costs dominate)`);
}

void main();
