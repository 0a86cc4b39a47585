import { environments } from "../../config/projectKeys";
import { offlineRoutes } from "../../routes/planRoutes";
import type { StackRoutes } from "../../routes/routesWorker";

let committed: Promise<StackRoutes[]> | undefined;

/**
 * The committed stacks' offline routes (dev, staging, prod), one plan worker each, planned once
 * per test worker (the unit project's files share their workers) and handed out as copies.
 */
export async function committedRoutes(): Promise<StackRoutes[]> {
  committed ??= Promise.all(environments.map((stack) => offlineRoutes(stack)));
  return structuredClone(await committed);
}
