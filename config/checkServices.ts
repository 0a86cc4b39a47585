import type { ConfigProblem } from "./stackConfigError";
import { describeValue } from "./describeValue";
import { type ServiceConfig, projectName } from "./projectKeys";
import { maxServiceNameLength, serviceNamePattern, serviceSlug } from "./naming";

const key = (index: number, rest = "") => `${projectName}:services[${index}]${rest}`;

/** PagerDuty object ids: upper-case letters and digits (`PABC123`, or longer in new accounts). */
const pagerdutyIdPattern = /^[A-Z0-9]{7,20}$/;

/**
 * Names too close to tell apart once vendors and readers normalise them: case, spaces, dashes
 * and underscores. `Checkout_API` beside `Checkout API` would give @pagerduty-Checkout_API-prod
 * beside @pagerduty-Checkout-API-prod, and @opsgenie-checkout_api-prod beside -checkout-api-prod.
 */
const foldedName = (name: string) => name.toLowerCase().replace(/[ _-]+/g, "-");

/** What the schema cannot say about services: names, handles, and create-or-adopt. */
export function checkServices(services: readonly ServiceConfig[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const byFolded = new Map<string, number>();

  services.forEach((service, index) => {
    problems.push(...checkName(service.name, index));
    const slug = serviceSlug(service.name);
    const first = byFolded.get(foldedName(service.name));
    if (first === undefined) byFolded.set(foldedName(service.name), index);
    else if (serviceSlug(services[first].name) !== slug) {
      problems.push({
        key: key(index, ".name"),
        problem: `${describeValue(service.name)} and services[${first}] ${describeValue(services[first].name)} differ only in case, spaces, dashes or underscores: their handles (@pagerduty-…, @opsgenie-…) could not be told apart.`,
        hint: "rename one of them so that the two names differ in more than case, spaces, dashes and underscores.",
      });
    } else if (services[first].name === service.name) {
      problems.push({
        key: key(index, ".name"),
        problem: `repeats the name ${describeValue(service.name)} of services[${first}].`,
        hint: "give every service of a stack its own name, or remove the duplicate.",
      });
    } else {
      problems.push({
        key: key(index, ".name"),
        problem: `${describeValue(service.name)} and services[${first}] ${describeValue(services[first].name)} would share the Datadog handle @pagerduty-${slug} (handles ignore case, and spaces become dashes).`,
        hint: "rename one of them so that the two names differ in more than case, spaces and dashes.",
      });
    }
    problems.push(...checkEscalationPolicy(service, index));
  });
  problems.push(...checkPolicyNames(services));
  return problems;
}

/**
 * PagerDuty keeps one escalation policy per name (a second create is refused as "Name has
 * already been taken"), so two services may not create policies of one name, nor create one
 * that another service adopts by name: the lookup would find the stack's own policy.
 */
function checkPolicyNames(services: readonly ServiceConfig[]): ConfigProblem[] {
  const seen = new Map<string, { index: number; creates: boolean }>();
  const problems: ConfigProblem[] = [];
  services.forEach((service, index) => {
    const { existing, create } = service.escalationPolicy;
    const name = create?.name ?? existing?.name;
    if (name === undefined || (existing && create)) return;
    const folded = name.trim().toLowerCase();
    const first = seen.get(folded);
    if (!first) {
      seen.set(folded, { index, creates: create !== undefined });
      return;
    }
    if (!first.creates && !create) return;
    problems.push({
      key: key(index, create ? ".escalationPolicy.create.name" : ".escalationPolicy.existing.name"),
      problem: `${describeValue(name)} is the escalation policy services[${first.index}] ${first.creates ? "creates" : "adopts"}; PagerDuty keeps one policy per name, so ${create ? "a second one cannot be created" : "the lookup would find the one this stack creates"}.`,
      hint: first.creates && create ? "give each created policy a name of its own." : "adopt only a policy the stack does not create: give the service a create block of its own, or adopt another policy.",
    });
  });
  return problems;
}

function checkName(name: string, index: number): ConfigProblem[] {
  if (name.trim() === "") {
    return [{ key: key(index, ".name"), problem: "is empty.", hint: "give the service a name such as \"Checkout API\"." }];
  }
  if (name.length > maxServiceNameLength) {
    return [
      {
        key: key(index, ".name"),
        problem: `is ${name.length} characters long; at most ${maxServiceNameLength} leave room for the environment suffix within PagerDuty's 255.`,
        hint: "shorten the name.",
      },
    ];
  }
  if (!serviceNamePattern.test(name) || /  /.test(name)) {
    return [
      {
        key: key(index, ".name"),
        problem: `${describeValue(name)} would make an ambiguous Datadog handle: only letters, digits, single spaces, ".", "_" and "-" survive in @pagerduty-… handles, and the name must start and end with a letter or digit.`,
        hint: "rename the service using only those characters.",
      },
    ];
  }
  return [];
}

function checkEscalationPolicy(service: ServiceConfig, index: number): ConfigProblem[] {
  const { existing, create } = service.escalationPolicy;
  if (existing && create) {
    return [
      {
        key: key(index, ".escalationPolicy"),
        problem: "gives both existing and create.",
        hint: "keep existing: { name } to use a policy the stack does not own, or create: { rules } to have the stack own one; not both.",
      },
    ];
  }
  if (!existing && !create) {
    return [
      {
        key: key(index, ".escalationPolicy"),
        problem: "gives neither existing nor create.",
        hint: "add existing: { name: \"<policy name in PagerDuty>\" } or create: { rules: [...] }.",
      },
    ];
  }
  if (existing && existing.name.trim() === "") {
    return [{ key: key(index, ".escalationPolicy.existing.name"), problem: "is empty.", hint: "give the policy's name exactly as PagerDuty shows it." }];
  }
  const problems: ConfigProblem[] = [];
  create?.rules.forEach((rule, r) => {
    if (rule.delayMinutes < 1) {
      problems.push({
        key: key(index, `.escalationPolicy.create.rules[${r}].delayMinutes`),
        problem: `is ${rule.delayMinutes}; PagerDuty needs at least 1 minute before escalating.`,
        hint: "give a whole number of minutes, at least 1.",
      });
    }
    rule.targets.forEach((target, t) => {
      if (!pagerdutyIdPattern.test(target.id)) {
        problems.push({
          key: key(index, `.escalationPolicy.create.rules[${r}].targets[${t}].id`),
          problem: `${describeValue(target.id)} is not a PagerDuty id.`,
          hint: "use the id from the user's or schedule's URL in PagerDuty, e.g. \"PABC123\".",
        });
      }
    });
  });
  return problems;
}
