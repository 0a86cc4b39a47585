import type { z } from "zod";
import type { ConfigProblem } from "./stackConfigError";
import { describeValue } from "./describeValue";
import { isProjectKey, projectConfigSchema, projectKeys, projectName } from "./projectKeys";
import { nearestName } from "./nearestName";

type Issue = z.core.$ZodIssue & { input?: unknown };

const typeNames: Record<string, string> = {
  string: "a text value",
  boolean: "true or false",
  int: "a whole number",
  // zod reports z.int() given a non-number as expecting "number"; every number here is whole.
  number: "a whole number",
  array: "a list",
  object: "an object",
};

/** Hints for settings nested in a service, by their own name. */
const nestedHints: Record<string, string> = {
  name: "give the service a name such as \"Checkout API\".",
  urgency: "use \"high\" (pages at once) or \"low\" (notifies without paging).",
  escalationPolicy: "give either existing: { name } to look one up, or create: { rules } to create one.",
  type: "use \"user_reference\" or \"schedule_reference\".",
  id: "use the PagerDuty id shown in the user's or schedule's URL, e.g. \"PABC123\".",
  delayMinutes: "give a whole number of minutes, at least 1.",
  targets: "list at least one { type, id } target.",
  rules: "list at least one rule: { delayMinutes, targets }.",
  numLoops: "give a whole number from 0 to 9.",
  opsgenie: "give { team: \"<Opsgenie team name>\" }, and adoptTeam: true to use a team the stack does not own.",
  team: "give the Opsgenie team's name exactly as Opsgenie shows it.",
  adoptTeam: "set it to true or false.",
  slack: "give { routes: [{ account, channel }] } for the Datadog Slack app's channels.",
  routes: "list at least one { account: \"<Slack account name in Datadog>\", channel: \"#alerts\" }.",
  account: "give the Slack account's name as Datadog's Slack integration tile shows it.",
  channel: "give the channel with its #, e.g. \"#alerts\".",
  channelId: "give the channel's Slack id (C… or G…), from the channel details in Slack.",
  sentry: "give { project: \"<Sentry project slug>\" }, optionally priority, environment and frequencyMinutes.",
  project: "give the Sentry project's slug.",
  priority: "use one of default, critical, warning, error, info (Sentry's PagerDuty severities; default follows the issue's level).",
  environment: "give a Sentry environment name (e.g. production), or leave it out to page for every environment.",
  frequencyMinutes: "use one of 0, 5, 10, 30, 60, 180, 720, 1440 (Sentry's allowed minutes between two pages for one issue).",
};

/** `operator-wiring:services[0].escalationPolicy.existing` from a zod path. */
export function configKeyFromPath(path: readonly PropertyKey[]): string {
  let key = projectName;
  path.forEach((segment, index) => {
    if (typeof segment === "number") key += `[${segment}]`;
    else key += `${index === 0 ? ":" : "."}${String(segment)}`;
  });
  return key;
}

function hintFor(path: readonly PropertyKey[]): string {
  const top = String(path[0] ?? "");
  const last = [...path].reverse().find((s): s is string => typeof s === "string") ?? top;
  if (path.length > 1 && nestedHints[last]) return nestedHints[last];
  return isProjectKey(top) ? projectKeys[top].hint : "see README, section Configuration.";
}

function unknownKeyProblem(parentPath: readonly PropertyKey[], name: string, known: readonly string[]): ConfigProblem {
  const nearest = nearestName(name, known);
  const hint = nearest ? `did you mean "${nearest}"? Rename or remove the key.` : `remove it; known settings here are ${known.join(", ")}.`;
  return { key: configKeyFromPath([...parentPath, name]), problem: "is not a setting this project knows.", hint };
}

/** Turns the schema's findings into problems a person can act on, one per finding. */
export function schemaProblems(issues: readonly Issue[]): ConfigProblem[] {
  return issues.flatMap((issue): ConfigProblem[] => {
    const key = configKeyFromPath(issue.path);
    const hint = hintFor(issue.path);
    switch (issue.code) {
      case "unrecognized_keys":
        return issue.keys.map((name) => unknownKeyProblem(issue.path, name, knownKeysAt(issue.path)));
      case "invalid_type":
        if (issue.input === undefined) return [{ key, problem: "is required but not set.", hint }];
        return [
          {
            key,
            problem: `must be ${typeNames[issue.expected] ?? issue.expected}, but is ${describeValue(issue.input)}.`,
            hint,
          },
        ];
      case "invalid_value": {
        // Long lists are left to the hint, which names them in the vendor's words.
        const allowed = issue.values.length <= 3 ? `one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}` : "an allowed value";
        return [{ key, problem: `is ${describeValue(issue.input)}, which is not ${allowed}.`, hint }];
      }
      case "too_small":
        if (issue.origin === "array") {
          return [{ key, problem: `must list at least ${String(issue.minimum)}, but lists ${describeCount(issue.input)}.`, hint }];
        }
        return [{ key, problem: `is ${describeValue(issue.input)}, below the minimum of ${String(issue.minimum)}.`, hint }];
      case "too_big":
        return [{ key, problem: `is ${describeValue(issue.input)}, above the maximum of ${String(issue.maximum)}.`, hint }];
      default:
        return [{ key, problem: `${issue.message}.`, hint }];
    }
  });
}

function describeCount(input: unknown): string {
  return Array.isArray(input) ? String(input.length) : "none";
}

/** The setting names the schema knows at a path, for "did you mean" hints. */
function knownKeysAt(path: readonly PropertyKey[]): readonly string[] {
  let schema: z.core.$ZodType | undefined = projectConfigSchema;
  for (const segment of path) {
    schema = unwrap(schema);
    const def = schema?._zod.def as { type: string; shape?: Record<string, z.core.$ZodType>; element?: z.core.$ZodType } | undefined;
    schema = typeof segment === "number" ? def?.element : def?.shape?.[String(segment)];
  }
  const def = unwrap(schema)?._zod.def as { shape?: Record<string, unknown> } | undefined;
  return Object.keys(def?.shape ?? {});
}

function unwrap(schema: z.core.$ZodType | undefined): z.core.$ZodType | undefined {
  let current = schema;
  while (current) {
    const def = current._zod.def as { type: string; innerType?: z.core.$ZodType };
    if ((def.type === "optional" || def.type === "default") && def.innerType) current = def.innerType;
    else break;
  }
  return current;
}
