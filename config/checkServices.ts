import type { ConfigProblem } from "./stackConfigError";
import { describeValue } from "./describeValue";
import { type ServiceConfig, projectName } from "./projectKeys";
import { maxServiceNameLength, serviceNamePattern, serviceSlug } from "./naming";

const key = (index: number, rest = "") => `${projectName}:services[${index}]${rest}`;

/** PagerDuty object ids: upper-case letters and digits (`PABC123`, or longer in new accounts). */
const pagerdutyIdPattern = /^[A-Z0-9]{7,20}$/;

/** What the schema cannot say about services: names, handles, and create-or-adopt. */
export function checkServices(services: readonly ServiceConfig[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const bySlug = new Map<string, number>();

  services.forEach((service, index) => {
    problems.push(...checkName(service.name, index));
    const slug = serviceSlug(service.name);
    const first = bySlug.get(slug);
    if (first === undefined) bySlug.set(slug, index);
    else if (services[first].name === service.name) {
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
