import { describe, expect, it } from "vitest";
import type { RawStackConfig } from "../config/checkCredentials";
import { parseStackConfig } from "../config/parseStackConfig";
import { StackConfigError, formatConfigProblem } from "../config/stackConfigError";
import { requireStackSettings } from "../config/parseStackConfig";
import { rawConfig, validService } from "./support/rawConfig";
import { testCredentials } from "./support/testCredentials";

const service = (fields: object) => ({ ...validService, ...fields });
const policyCreating = (rules: unknown) => ({ escalationPolicy: { create: { rules } } });
const userTarget = { type: "user_reference", id: "PABC123" };
const servicesHint = "list the services as objects with name and escalationPolicy (README, section Configuration).";
const nameHint = 'give the service a name such as "Checkout API".';
const siteHint =
  'use the host of your Datadog URL without "app.", one of datadoghq.com, us3.datadoghq.com, us5.datadoghq.com, datadoghq.eu, ap1.datadoghq.com, ap2.datadoghq.com, ddog-gov.com.';
const handleRule =
  'would make an ambiguous Datadog handle: only letters, digits, single spaces, ".", "_" and "-" survive in @pagerduty-… handles, and the name must start and end with a letter or digit. Hint: rename the service using only those characters.';
const plainCredentialHint =
  "remove it and rotate it (it is in git history now); a credential goes only in a key the stack reads, encrypted (pulumi config set --secret <key> <new value> -s dev), or in .env.local for verify.";

function messages(raw: RawStackConfig): string[] {
  const result = parseStackConfig(raw);
  if (result.ok) return [];
  return result.problems.map((p) => formatConfigProblem(raw.stack, p));
}

function withoutSecret(raw: RawStackConfig, key: string): RawStackConfig {
  const secretKeys = new Set(raw.secretKeys);
  secretKeys.delete(key);
  return { ...raw, secretKeys };
}

const cases: [string, RawStackConfig, string[]][] = [
  [
    "services missing",
    rawConfig("dev", { services: undefined }),
    [`Stack "dev", key operator-wiring:services: is required but not set. Hint: ${servicesHint}`],
  ],
  [
    "services empty",
    rawConfig("dev", { services: [] }),
    [`Stack "dev", key operator-wiring:services: must list at least 1, but lists 0. Hint: ${servicesHint}`],
  ],
  [
    "services given as text",
    rawConfig("dev", { services: "Checkout" }),
    [`Stack "dev", key operator-wiring:services: must be a list, but is "Checkout". Hint: ${servicesHint}`],
  ],
  [
    "services as broken JSON",
    rawConfig("dev", { services: '[{"name":' }),
    [`Stack "dev", key operator-wiring:services: starts like JSON but is not valid JSON. Hint: ${servicesHint}`],
  ],
  [
    "service without a name",
    rawConfig("dev", { services: [{ escalationPolicy: validService.escalationPolicy }] }),
    [`Stack "dev", key operator-wiring:services[0].name: is required but not set. Hint: ${nameHint}`],
  ],
  [
    "service name of the wrong type",
    rawConfig("dev", { services: [service({ name: 42 })] }),
    [`Stack "dev", key operator-wiring:services[0].name: must be a text value, but is 42. Hint: ${nameHint}`],
  ],
  [
    "blank service name",
    rawConfig("dev", { services: [service({ name: " " })] }),
    [`Stack "dev", key operator-wiring:services[0].name: is empty. Hint: ${nameHint}`],
  ],
  [
    "name with characters a handle cannot carry",
    rawConfig("dev", { services: [service({ name: "Checkout (API)" })] }),
    [`Stack "dev", key operator-wiring:services[0].name: "Checkout (API)" ${handleRule}`],
  ],
  [
    "name with a double space",
    rawConfig("dev", { services: [service({ name: "Checkout  API" })] }),
    [`Stack "dev", key operator-wiring:services[0].name: "Checkout  API" ${handleRule}`],
  ],
  [
    "duplicate service names",
    rawConfig("dev", { services: [service({}), service({})] }),
    [
      'Stack "dev", key operator-wiring:services[1].name: repeats the name "Checkout API" of services[0]. Hint: give every service of a stack its own name, or remove the duplicate.',
    ],
  ],
  [
    "names that would share a handle",
    rawConfig("dev", { services: [service({}), service({ name: "checkout-api" })] }),
    [
      'Stack "dev", key operator-wiring:services[1].name: "checkout-api" and services[0] "Checkout API" would share the Datadog handle @pagerduty-checkout-api (handles ignore case, and spaces become dashes). Hint: rename one of them so that the two names differ in more than case, spaces and dashes.',
    ],
  ],
  [
    "name too long for PagerDuty",
    rawConfig("dev", { services: [service({ name: "A".repeat(201) })] }),
    [
      `Stack "dev", key operator-wiring:services[0].name: is 201 characters long; at most 200 leave room for the environment suffix within PagerDuty's 255. Hint: shorten the name.`,
    ],
  ],
  [
    "misspelt service setting",
    rawConfig("dev", { services: [service({ urgancy: "low" })] }),
    ['Stack "dev", key operator-wiring:services[0].urgancy: is not a setting this project knows. Hint: did you mean "urgency"? Rename or remove the key.'],
  ],
  [
    "unknown urgency",
    rawConfig("dev", { services: [service({ urgency: "critical" })] }),
    [
      'Stack "dev", key operator-wiring:services[0].urgency: is "critical", which is not one of "high", "low". Hint: use "high" (pages at once) or "low" (notifies without paging).',
    ],
  ],
  [
    "escalation policy both adopted and created",
    rawConfig("dev", {
      services: [service({ escalationPolicy: { existing: { name: "x" }, create: { rules: [{ delayMinutes: 5, targets: [userTarget] }] } } })],
    }),
    [
      'Stack "dev", key operator-wiring:services[0].escalationPolicy: gives both existing and create. Hint: keep existing: { name } to use a policy the stack does not own, or create: { rules } to have the stack own one; not both.',
    ],
  ],
  [
    "escalation policy neither adopted nor created",
    rawConfig("dev", { services: [service({ escalationPolicy: {} })] }),
    [
      'Stack "dev", key operator-wiring:services[0].escalationPolicy: gives neither existing nor create. Hint: add existing: { name: "<policy name in PagerDuty>" } or create: { rules: [...] }.',
    ],
  ],
  [
    "adopted escalation policy without a name",
    rawConfig("dev", { services: [service({ escalationPolicy: { existing: { name: "" } } })] }),
    [`Stack "dev", key operator-wiring:services[0].escalationPolicy.existing.name: is empty. Hint: give the policy's name exactly as PagerDuty shows it.`],
  ],
  [
    "created escalation policy without rules",
    rawConfig("dev", { services: [service(policyCreating([]))] }),
    [
      'Stack "dev", key operator-wiring:services[0].escalationPolicy.create.rules: must list at least 1, but lists 0. Hint: list at least one rule: { delayMinutes, targets }.',
    ],
  ],
  [
    "escalation after zero minutes",
    rawConfig("dev", { services: [service(policyCreating([{ delayMinutes: 0, targets: [userTarget] }]))] }),
    [
      'Stack "dev", key operator-wiring:services[0].escalationPolicy.create.rules[0].delayMinutes: is 0; PagerDuty needs at least 1 minute before escalating. Hint: give a whole number of minutes, at least 1.',
    ],
  ],
  [
    "escalation delay that is not a whole number",
    rawConfig("dev", { services: [service(policyCreating([{ delayMinutes: 2.5, targets: [userTarget] }]))] }),
    [
      'Stack "dev", key operator-wiring:services[0].escalationPolicy.create.rules[0].delayMinutes: must be a whole number, but is 2.5. Hint: give a whole number of minutes, at least 1.',
    ],
  ],
  [
    "escalation target of an unknown type",
    rawConfig("dev", { services: [service(policyCreating([{ delayMinutes: 5, targets: [{ type: "team_reference", id: "PABC123" }] }]))] }),
    [
      'Stack "dev", key operator-wiring:services[0].escalationPolicy.create.rules[0].targets[0].type: is "team_reference", which is not one of "user_reference", "schedule_reference". Hint: use "user_reference" or "schedule_reference".',
    ],
  ],
  [
    "escalation target id that is not a PagerDuty id",
    rawConfig("dev", { services: [service(policyCreating([{ delayMinutes: 5, targets: [{ type: "user_reference", id: "abc" }] }]))] }),
    [
      `Stack "dev", key operator-wiring:services[0].escalationPolicy.create.rules[0].targets[0].id: "abc" is not a PagerDuty id. Hint: use the id from the user's or schedule's URL in PagerDuty, e.g. "PABC123".`,
    ],
  ],
  [
    "too many escalation loops",
    rawConfig("dev", {
      services: [service({ escalationPolicy: { create: { numLoops: 12, rules: [{ delayMinutes: 5, targets: [userTarget] }] } } })],
    }),
    ['Stack "dev", key operator-wiring:services[0].escalationPolicy.create.numLoops: is 12, above the maximum of 9. Hint: give a whole number from 0 to 9.'],
  ],
  [
    "unknown Datadog site",
    rawConfig("dev", { datadogSite: "datadoghq.co" }),
    [`Stack "dev", key operator-wiring:datadogSite: is "datadoghq.co", which is not an allowed value. Hint: ${siteHint}`],
  ],
  [
    "Datadog site given as a URL",
    rawConfig("dev", { datadogSite: "https://app.datadoghq.eu" }),
    [`Stack "dev", key operator-wiring:datadogSite: is "https://app.datadoghq.eu", which is not an allowed value. Hint: ${siteHint}`],
  ],
  [
    "PagerDuty region in capitals",
    rawConfig("dev", { pagerdutyRegion: "EU" }),
    [
      'Stack "dev", key operator-wiring:pagerdutyRegion: is "EU", which is not one of "us", "eu". Hint: use "us" for app.pagerduty.com accounts or "eu" for app.eu.pagerduty.com accounts.',
    ],
  ],
  [
    "EU Datadog with US PagerDuty",
    rawConfig("dev", { datadogSite: "datadoghq.eu" }),
    [
      'Stack "dev", key operator-wiring:pagerdutyRegion: is "us" while operator-wiring:datadogSite is "datadoghq.eu": alerts would cross between the EU and another region. Hint: make the two regions match, or set operator-wiring:allowCrossRegion true if your data-residency rules allow it.',
    ],
  ],
  [
    "US Datadog with EU PagerDuty",
    rawConfig("dev", { pagerdutyRegion: "eu" }),
    [
      'Stack "dev", key operator-wiring:pagerdutyRegion: is "eu" while operator-wiring:datadogSite is "datadoghq.com": alerts would cross between the EU and another region. Hint: make the two regions match, or set operator-wiring:allowCrossRegion true if your data-residency rules allow it.',
    ],
  ],
  [
    "provider apiUrl that disagrees with the site",
    rawConfig("dev", {}, { values: { "datadog:apiUrl": "https://api.datadoghq.eu/" } }),
    [
      'Stack "dev", key datadog:apiUrl: is "https://api.datadoghq.eu/", which disagrees with operator-wiring:datadogSite "datadoghq.com" (https://api.datadoghq.com/). Hint: remove it (pulumi config rm datadog:apiUrl -s dev); the stack derives the URL from operator-wiring:datadogSite.',
    ],
  ],
  [
    "provider region that disagrees with the PagerDuty region",
    rawConfig("dev", {}, { values: { "pagerduty:serviceRegion": "eu" } }),
    [
      'Stack "dev", key pagerduty:serviceRegion: is "eu", which disagrees with operator-wiring:pagerdutyRegion "us". Hint: remove it (pulumi config rm pagerduty:serviceRegion -s dev); the stack derives it from operator-wiring:pagerdutyRegion.',
    ],
  ],
  [
    "flag given as a word",
    rawConfig("dev", { routingEnabled: "yes" }),
    ['Stack "dev", key operator-wiring:routingEnabled: must be true or false, but is "yes". Hint: set it to true or false.'],
  ],
  [
    "misspelt project key",
    rawConfig("dev", { routingEnable: false }),
    ['Stack "dev", key operator-wiring:routingEnable: is not a setting this project knows. Hint: did you mean "routingEnabled"? Rename or remove the key.'],
  ],
  [
    "unknown environment",
    rawConfig("dev", { environment: "production" }),
    [
      'Stack "dev", key operator-wiring:environment: is "production", which is not one of "dev", "staging", "prod". Hint: set it to one of dev, staging, prod: pulumi config set operator-wiring:environment <env>.',
    ],
  ],
  [
    "stack name that is no environment",
    rawConfig("sandbox"),
    [
      'Stack "sandbox", key operator-wiring:environment: is not set, and the stack name "sandbox" is not one of dev, staging, prod. Hint: pulumi config set operator-wiring:environment <dev|staging|prod> -s sandbox.',
    ],
  ],
  [
    "owning the PagerDuty tile without a subdomain",
    rawConfig("prod", { manageDatadogPagerdutyIntegration: true }),
    [
      'Stack "prod", key operator-wiring:pagerdutySubdomain: is required because operator-wiring:manageDatadogPagerdutyIntegration is true. Hint: set it to the part of your PagerDuty URL before ".pagerduty.com", e.g. "acme".',
    ],
  ],
  [
    "subdomain given as a host name",
    rawConfig("prod", { manageDatadogPagerdutyIntegration: true, pagerdutySubdomain: "acme.pagerduty.com" }),
    [
      'Stack "prod", key operator-wiring:pagerdutySubdomain: is "acme.pagerduty.com", which is not a PagerDuty subdomain. Hint: set it to the part of your PagerDuty URL before ".pagerduty.com", e.g. "acme".',
    ],
  ],
  [
    "schedules without the tile",
    rawConfig("prod", { pagerdutySchedules: ["https://acme.pagerduty.com/schedules#PABC123"] }),
    [
      'Stack "prod", key operator-wiring:pagerdutySchedules: has no effect because operator-wiring:manageDatadogPagerdutyIntegration is false. Hint: remove it, or set operator-wiring:manageDatadogPagerdutyIntegration true in the one stack that owns the Datadog PagerDuty tile.',
    ],
  ],
  [
    "schedule that is not a URL",
    rawConfig("prod", { manageDatadogPagerdutyIntegration: true, pagerdutySubdomain: "acme", pagerdutySchedules: ["PABC123"] }),
    [
      'Stack "prod", key operator-wiring:pagerdutySchedules[0]: is "PABC123", which is not a PagerDuty schedule URL. Hint: list PagerDuty schedule URLs, e.g. ["https://acme.pagerduty.com/schedules#P1ABCDE"].',
    ],
  ],
  [
    "provider token stored in plain text",
    withoutSecret(rawConfig("dev", {}, { values: { "pagerduty:token": "u+abcdefghijklmnopqrst" } }), "pagerduty:token"),
    [
      'Stack "dev", key pagerduty:token: holds the PagerDuty REST API key in plain text in Pulumi.dev.yaml. Hint: rotate it (it is in git history now), then store the new one encrypted: pulumi config set --secret pagerduty:token <new value> -s dev.',
    ],
  ],
  [
    "Datadog keys neither in config nor in the environment",
    rawConfig("dev", {}, { omitCredentials: true, values: { "pagerduty:token": "t" }, secretKeys: ["pagerduty:token"] }),
    [
      'Stack "dev", key datadog:apiKey: is not set, and neither is $DATADOG_API_KEY nor $DD_API_KEY; the Datadog API key is needed to deploy. Hint: pulumi config set --secret datadog:apiKey <value> -s dev, or export DATADOG_API_KEY.',
      'Stack "dev", key datadog:appKey: is not set, and neither is $DATADOG_APP_KEY nor $DD_APP_KEY; the Datadog application key is needed to deploy. Hint: pulumi config set --secret datadog:appKey <value> -s dev, or export DATADOG_APP_KEY.',
    ],
  ],
  [
    "Slack webhook pasted into a plain key",
    rawConfig("dev", { services: [service({ description: "https://hooks.slack.com/services/T000/B000/XXXXXXXX" })] }),
    [`Stack "dev", key operator-wiring:services[0].description: contains a Slack webhook URL in plain text in Pulumi.dev.yaml. Hint: ${plainCredentialHint}`],
  ],
  [
    "routing key pasted into a plain key",
    rawConfig("dev", { services: [service({ description: "key 0123456789abcdef0123456789abcdef" })] }),
    [
      `Stack "dev", key operator-wiring:services[0].description: contains a 32-character key (a Datadog API key or a PagerDuty routing key) in plain text in Pulumi.dev.yaml. Hint: ${plainCredentialHint}`,
    ],
  ],
  [
    "credential pasted into a plain key that is also invalid",
    rawConfig("dev", { datadogSite: "0123456789abcdef0123456789abcdef" }),
    [
      `Stack "dev", key operator-wiring:datadogSite: contains a 32-character key (a Datadog API key or a PagerDuty routing key) in plain text in Pulumi.dev.yaml. Hint: ${plainCredentialHint}`,
      `Stack "dev", key operator-wiring:datadogSite: is a value that looks like a credential (not shown), which is not an allowed value. Hint: ${siteHint}`,
    ],
  ],
  [
    "key generation below 1",
    rawConfig("dev", { pagerdutyKeyGeneration: 0 }),
    [
      'Stack "dev", key operator-wiring:pagerdutyKeyGeneration: is 0, below the minimum of 1. Hint: give a whole number, at least 1; raise it by one to rotate every service\'s PagerDuty routing key.',
    ],
  ],
  [
    "key generation as a word",
    rawConfig("dev", { pagerdutyKeyGeneration: "two" }),
    [
      'Stack "dev", key operator-wiring:pagerdutyKeyGeneration: must be a whole number, but is "two". Hint: give a whole number, at least 1; raise it by one to rotate every service\'s PagerDuty routing key.',
    ],
  ],
  [
    "Splunk keys without the HEC URL",
    rawConfig("dev", { splunkManagementUrl: "https://splunk.example.com:8089" }),
    ['Stack "dev", key operator-wiring:splunkHecUrl: is not set, but other Splunk keys are. Hint: set it to the HEC base URL, e.g. https://splunk.example.com:8088. Or remove the other splunk* keys.'],
  ],
  [
    "Splunk token neither created nor adopted",
    rawConfig("dev", { splunkHecUrl: "https://splunk.example.com:8088" }),
    [
      'Stack "dev", key operator-wiring:splunkManagementUrl: is not set, and neither is operator-wiring:splunkHecToken. Hint: set splunkManagementUrl to create a token (self-managed Splunk), or store an existing one with pulumi config set --secret operator-wiring:splunkHecToken <token> (Splunk Cloud).',
    ],
  ],
  [
    "Splunk token both created and adopted",
    rawConfig(
      "dev",
      { splunkHecUrl: "https://splunk.example.com:8088", splunkManagementUrl: "https://splunk.example.com:8089", splunkHecToken: "t" },
      { secretKeys: ["operator-wiring:splunkHecToken"], env: { SPLUNK_MGMT_TOKEN: "x" } },
    ),
    ['Stack "dev", key operator-wiring:splunkHecToken: is set together with operator-wiring:splunkManagementUrl. Hint: create a token (splunkManagementUrl) or adopt one (splunkHecToken), not both.'],
  ],
  [
    "Splunk token adopted in plain text",
    rawConfig("dev", { splunkHecUrl: "https://splunk.example.com:8088", splunkHecToken: "00000000-0000-4000-8000-0000000000aa" }),
    [
      'Stack "dev", key operator-wiring:splunkHecToken: holds the Splunk HEC token in plain text in Pulumi.dev.yaml. Hint: rotate it (it is in git history now), then store the new one encrypted: pulumi config set --secret operator-wiring:splunkHecToken <new value> -s dev.',
    ],
  ],
  [
    "Splunk TLS verification skipped in prod",
    rawConfig(
      "prod",
      { splunkHecUrl: "https://splunk.example.com:8088", splunkManagementUrl: "https://splunk.example.com:8089", splunkInsecureTls: true },
      { env: { SPLUNK_MGMT_TOKEN: "x" } },
    ),
    [
      'Stack "prod", key operator-wiring:splunkInsecureTls: is true in the prod environment; skipping TLS verification is allowed only in dev. Hint: install the Splunk CA certificate where pulumi runs (NODE_EXTRA_CA_CERTS=<file>) and set it to false.',
    ],
  ],
  [
    "Splunk over plain http outside dev",
    rawConfig("staging", { splunkHecUrl: "http://splunk.example.com:8088", splunkHecToken: "t" }, { secretKeys: ["operator-wiring:splunkHecToken"] }),
    ['Stack "staging", key operator-wiring:splunkHecUrl: uses http; outside dev Splunk must be reached over https. Hint: set it to the HEC base URL, e.g. https://splunk.example.com:8088.'],
  ],
  [
    "Splunk index not among the allowed ones",
    rawConfig("dev", { splunkHecUrl: "https://s.example.com:8088", splunkHecToken: "t", splunkIndex: "ops", splunkAllowedIndexes: ["main"] }, { secretKeys: ["operator-wiring:splunkHecToken"] }),
    ['Stack "dev", key operator-wiring:splunkAllowedIndexes: does not include operator-wiring:splunkIndex "ops". Hint: list the indexes the token may write to; it must include operator-wiring:splunkIndex.'],
  ],
  [
    "Splunk token to create without a management credential",
    rawConfig("dev", { splunkHecUrl: "https://s.example.com:8088", splunkManagementUrl: "https://s.example.com:8089" }),
    [
      'Stack "dev", key operator-wiring:splunkManagementUrl: is set, but no Splunk management credential is in the environment to create the token with. Hint: export SPLUNK_MGMT_TOKEN (a Splunk authentication token with edit_token_http), or SPLUNK_MGMT_USERNAME and SPLUNK_MGMT_PASSWORD.',
    ],
  ],
  [
    "Opsgenie team with no name",
    rawConfig("dev", { services: [service({ opsgenie: { team: " " } })] }, { env: { OPSGENIE_ACCOUNT_API_KEY: "k" } }),
    ['Stack "dev", key operator-wiring:services[0].opsgenie.team: is empty. Hint: give the Opsgenie team\'s name exactly as Opsgenie shows it.'],
  ],
  [
    "Opsgenie team both adopted and created",
    rawConfig(
      "dev",
      { services: [service({ opsgenie: { team: "payments" } }), service({ name: "Payments Worker", opsgenie: { team: "payments", adoptTeam: true } })] },
      { env: { OPSGENIE_ACCOUNT_API_KEY: "k" } },
    ),
    [
      'Stack "dev", key operator-wiring:services[1].opsgenie.adoptTeam: is true, but services[0] says false for the same team "payments". Hint: a team is either created by this stack or adopted: give every service of that team the same adoptTeam.',
    ],
  ],
  [
    "one Opsgenie team spelt two ways",
    rawConfig(
      "dev",
      { services: [service({ opsgenie: { team: "Payments" } }), service({ name: "Payments Worker", opsgenie: { team: "payments" } })] },
      { env: { OPSGENIE_ACCOUNT_API_KEY: "k" } },
    ),
    [
      'Stack "dev", key operator-wiring:services[1].opsgenie.team: "payments" and "Payments" differ only in case or punctuation. Hint: spell the team the same way in every service, exactly as Opsgenie shows it.',
    ],
  ],
  [
    "Opsgenie without the account key",
    rawConfig("dev", { services: [service({ opsgenie: { team: "payments" } })] }),
    [
      'Stack "dev", key operator-wiring:services[0].opsgenie: routes to Opsgenie, but $OPSGENIE_ACCOUNT_API_KEY is not set; the team and API integration are made with it. Hint: export OPSGENIE_ACCOUNT_API_KEY (Opsgenie → Settings → API key management: an account key with configuration access; the team key verify uses cannot create teams).',
    ],
  ],
  [
    "Opsgenie region in capitals",
    rawConfig("dev", { opsgenieRegion: "EU" }),
    ['Stack "dev", key operator-wiring:opsgenieRegion: is "EU", which is not one of "us", "eu". Hint: use "us" for api.opsgenie.com accounts or "eu" for api.eu.opsgenie.com accounts.'],
  ],
  [
    "Slack channel without its #",
    rawConfig("dev", { services: [service({ slack: { routes: [{ account: "acme", channel: "alerts" }] } })] }),
    ['Stack "dev", key operator-wiring:services[0].slack.routes[0].channel: "alerts" lacks the leading #. Hint: write "#alerts".'],
  ],
  [
    "Slack channel that is not a channel name",
    rawConfig("dev", { services: [service({ slack: { routes: [{ account: "acme", channel: "#On Call" }] } })] }),
    ['Stack "dev", key operator-wiring:services[0].slack.routes[0].channel: "#On Call" is not a Slack channel name. Hint: give the channel with its #, in lower case, e.g. "#alerts".'],
  ],
  [
    "Slack route listed twice",
    rawConfig("dev", { services: [service({ slack: { routes: [{ account: "acme", channel: "#alerts" }, { account: "acme", channel: "#alerts" }] } })] }),
    ['Stack "dev", key operator-wiring:services[0].slack.routes[1]: repeats the route "acme/#alerts". Hint: list each channel once.'],
  ],
  [
    "Slack with no routes",
    rawConfig("dev", { services: [service({ slack: { routes: [] } })] }),
    ['Stack "dev", key operator-wiring:services[0].slack.routes: must list at least 1, but lists 0. Hint: list at least one { account: "<Slack account name in Datadog>", channel: "#alerts" }.'],
  ],
  [
    "Sentry project without an organization",
    rawConfig("dev", { services: [service({ sentry: { project: "checkout-api" } })] }, { env: { SENTRY_AUTH_TOKEN: "t" } }),
    ['Stack "dev", key operator-wiring:services[0].sentry: names a Sentry project, but operator-wiring:sentryOrganization is not set. Hint: pulumi config set operator-wiring:sentryOrganization <slug> -s dev, or remove the service\'s sentry block.'],
  ],
  [
    "Sentry without its token",
    rawConfig("dev", { sentryOrganization: "acme", services: [service({ sentry: { project: "checkout-api" } })] }),
    [
      'Stack "dev", key operator-wiring:sentryOrganization: is set, but $SENTRY_AUTH_TOKEN is not; the organization lookup at preview and the Sentry resources at deploy use it. Hint: export SENTRY_AUTH_TOKEN (Sentry → Settings → Developer Settings → an internal integration\'s token, scopes org:read, org:integrations, project:write, alerts:write).',
    ],
  ],
  [
    "Sentry rules mode without the token its @pulumiverse/sentry provider needs",
    rawConfig("dev", { sentryOrganization: "acme", sentryAlerting: "rules", services: [service({ sentry: { project: "checkout-api" } })] }),
    [
      'Stack "dev", key operator-wiring:sentryOrganization: is set, but $SENTRY_AUTH_TOKEN is not; the organization lookup at preview, the service-table rows and the @pulumiverse/sentry provider (rules mode) use it. Hint: export SENTRY_AUTH_TOKEN (Sentry → Settings → Developer Settings → an internal integration\'s token, scopes org:read, org:integrations, project:write, alerts:write).',
    ],
  ],
  [
    "Sentry rules mode configured through @pulumiverse/sentry's own keys",
    rawConfig(
      "dev",
      { sentryOrganization: "acme", sentryAlerting: "rules", services: [service({ sentry: { project: "checkout-api" } })] },
      { values: { "sentry:token": "sntrys_abc", "sentry:baseUrl": "https://sentry.internal/api/" }, secretKeys: ["sentry:token"], env: { SENTRY_AUTH_TOKEN: "t" } },
    ),
    [
      'Stack "dev", key sentry:token: is set, but the stack gives the @pulumiverse/sentry provider $SENTRY_AUTH_TOKEN, the token its Sentry resources read at deploy. Hint: remove it (pulumi config rm sentry:token -s dev) and export SENTRY_AUTH_TOKEN.',
      'Stack "dev", key sentry:baseUrl: is set, but the stack derives the @pulumiverse/sentry provider\'s base URL from operator-wiring:sentryApiUrl. Hint: remove it (pulumi config rm sentry:baseUrl -s dev) and set operator-wiring:sentryApiUrl to the web API base ending in /api/0.',
    ],
  ],
  [
    "Sentry alerting mode misspelt",
    rawConfig("dev", { sentryOrganization: "acme", sentryAlerting: "workflow" }, { env: { SENTRY_AUTH_TOKEN: "t" } }),
    ['Stack "dev", key operator-wiring:sentryAlerting: is "workflow", which is not one of "workflows", "rules". Hint: use "workflows" (Sentry\'s current alerting API) or "rules" (only for self-hosted Sentry without workflows).'],
  ],
  [
    "Sentry organization given as a URL",
    rawConfig("dev", { sentryOrganization: "https://sentry.io/organizations/acme/" }, { env: { SENTRY_AUTH_TOKEN: "t" } }),
    ['Stack "dev", key operator-wiring:sentryOrganization: is "https://sentry.io/organizations/acme/", which is not a Sentry organization slug. Hint: give the organization\'s slug, as in https://sentry.io/organizations/<slug>/.'],
  ],
  [
    "Sentry API URL without /api/0",
    rawConfig("dev", { sentryOrganization: "acme", sentryApiUrl: "https://sentry.example.com" }, { env: { SENTRY_AUTH_TOKEN: "t" } }),
    ['Stack "dev", key operator-wiring:sentryApiUrl: is "https://sentry.example.com", which does not end in /api/0. Hint: give Sentry\'s web API base ending in /api/0: https://sentry.io/api/0, https://de.sentry.io/api/0, or https://<self-hosted>/api/0.'],
  ],
  [
    "Sentry API over plain http",
    rawConfig("dev", { sentryOrganization: "acme", sentryApiUrl: "http://sentry.example.com/api/0" }, { env: { SENTRY_AUTH_TOKEN: "t" } }),
    ['Stack "dev", key operator-wiring:sentryApiUrl: uses http; Sentry must be reached over https (http only on localhost). Hint: give Sentry\'s web API base ending in /api/0: https://sentry.io/api/0, https://de.sentry.io/api/0, or https://<self-hosted>/api/0.'],
  ],
  [
    "Sentry project given by name, not slug",
    rawConfig("dev", { sentryOrganization: "acme", services: [service({ sentry: { project: "Checkout API" } })] }, { env: { SENTRY_AUTH_TOKEN: "t" } }),
    ['Stack "dev", key operator-wiring:services[0].sentry.project: is "Checkout API", which is not a Sentry project slug. Hint: give the project\'s slug, as in https://sentry.io/organizations/<org>/projects/<slug>/.'],
  ],
  [
    "Sentry priority in Opsgenie's spelling",
    rawConfig("dev", { sentryOrganization: "acme", services: [service({ sentry: { project: "checkout-api", priority: "P1" } })] }, { env: { SENTRY_AUTH_TOKEN: "t" } }),
    ['Stack "dev", key operator-wiring:services[0].sentry.priority: is "P1", which is not an allowed value. Hint: use one of default, critical, warning, error, info (Sentry\'s PagerDuty severities; default follows the issue\'s level).'],
  ],
  [
    "Sentry alert frequency Sentry does not offer",
    rawConfig("dev", { sentryOrganization: "acme", services: [service({ sentry: { project: "checkout-api", frequencyMinutes: 15 } })] }, { env: { SENTRY_AUTH_TOKEN: "t" } }),
    ['Stack "dev", key operator-wiring:services[0].sentry.frequencyMinutes: is 15, which is not an allowed value. Hint: use one of 0, 5, 10, 30, 60, 180, 720, 1440 (Sentry\'s allowed minutes between two pages for one issue).'],
  ],
  [
    "Sentry Datadog forwarding without an organization",
    rawConfig("dev", { sentryDatadogForwarding: true }),
    ['Stack "dev", key operator-wiring:sentryDatadogForwarding: is true, but operator-wiring:sentryOrganization is not set. Hint: pulumi config set operator-wiring:sentryOrganization <slug> -s dev, or set sentryDatadogForwarding to false.'],
  ],
  [
    "Slack channel id that is a name",
    rawConfig("dev", { services: [service({ slack: { routes: [{ account: "acme", channel: "#alerts", channelId: "alerts" }] } })] }),
    ['Stack "dev", key operator-wiring:services[0].slack.routes[0].channelId: "alerts" is not a Slack channel id. Hint: copy the id from Slack (channel details → bottom of the About tab): C… for public, G… for private channels.'],
  ],
  [
    "PagerDuty Slack workspace with a route lacking its channel id",
    rawConfig(
      "dev",
      { pagerdutySlackWorkspaceId: "T0ACME123", services: [service({ slack: { routes: [{ account: "acme", channel: "#alerts" }] } })] },
      { values: { "pagerduty:userToken": "u+abcdefghijklmnopqrst" }, secretKeys: ["pagerduty:userToken"] },
    ),
    ['Stack "dev", key operator-wiring:services[0].slack.routes[0].channelId: is not set; with operator-wiring:pagerdutySlackWorkspaceId set, each route gets a PagerDuty Slack connection, which names the channel by id. Hint: copy the id from Slack (channel details → bottom of the About tab, C… or G…).'],
  ],
  [
    "PagerDuty Slack workspace without a user token",
    rawConfig("dev", { pagerdutySlackWorkspaceId: "T0ACME123", services: [service({ slack: { routes: [{ account: "acme", channel: "#alerts", channelId: "C0ALERTS1" }] } })] }),
    ["Stack \"dev\", key pagerduty:userToken: is not set, and neither is $PAGERDUTY_USER_TOKEN; the PagerDuty user-level API token (PagerDuty's Slack connections accept no other) is needed to deploy. Hint: pulumi config set --secret pagerduty:userToken <value> -s dev, or export PAGERDUTY_USER_TOKEN."],
  ],
  [
    "PagerDuty Slack workspace id that is a URL",
    rawConfig("dev", { pagerdutySlackWorkspaceId: "acme.slack.com", services: [service({ slack: { routes: [{ account: "acme", channel: "#alerts", channelId: "C0ALERTS1" }] } })] }, { env: { PAGERDUTY_USER_TOKEN: "u" } }),
    ['Stack "dev", key operator-wiring:pagerdutySlackWorkspaceId: is "acme.slack.com", which is not a Slack workspace id. Hint: give the id of the Slack workspace connected to PagerDuty (T followed by letters and digits; PagerDuty → Integrations → Slack).'],
  ],
  [
    "PagerDuty Slack workspace with nothing to connect",
    rawConfig("dev", { pagerdutySlackWorkspaceId: "T0ACME123" }, { env: { PAGERDUTY_USER_TOKEN: "u" } }),
    ['Stack "dev", key operator-wiring:pagerdutySlackWorkspaceId: is set, but no service has a Slack route to connect. Hint: add slack.routes to a service, or remove pagerdutySlackWorkspaceId.'],
  ],
  [
    "bad site and bad service name together",
    rawConfig("dev", { datadogSite: "datadoghq.co", services: [service({ name: "Checkout (API)" })] }),
    [
      `Stack "dev", key operator-wiring:datadogSite: is "datadoghq.co", which is not an allowed value. Hint: ${siteHint}`,
      `Stack "dev", key operator-wiring:services[0].name: "Checkout (API)" ${handleRule}`,
    ],
  ],
];

describe("bad configuration", () => {
  it("covers at least 25 distinct mistakes", () => {
    expect(new Set(cases.map(([name]) => name)).size).toBeGreaterThanOrEqual(25);
  });

  it.each(cases)("%s is reported exactly", (_name, raw, expected) => {
    expect(messages(raw)).toEqual(expected);
  });

  it("reports every problem of a stack at once", () => {
    const raw = rawConfig("staging", { datadogSite: "datadoghq.co", routingEnabled: "no", services: [service({ urgency: "p1" })] });
    expect(messages(raw).map((m) => m.split(":")[0] + ":" + m.split(":")[1])).toEqual([
      'Stack "staging", key operator-wiring:services[0].urgency',
      'Stack "staging", key operator-wiring:datadogSite',
      'Stack "staging", key operator-wiring:routingEnabled',
    ]);
  });

  it("throws one StackConfigError, a Pulumi RunError so the CLI prints no stack trace", () => {
    const raw = rawConfig("dev", { datadogSite: "datadoghq.co", pagerdutyRegion: "EU" });
    let thrown: unknown;
    try {
      requireStackSettings(raw);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(StackConfigError);
    expect((thrown as StackConfigError).message.split("\n")).toEqual([
      'Stack "dev" has 2 configuration problems; nothing was created or changed:',
      `  - Stack "dev", key operator-wiring:datadogSite: is "datadoghq.co", which is not an allowed value. Hint: ${siteHint}`,
      '  - Stack "dev", key operator-wiring:pagerdutyRegion: is "EU", which is not one of "us", "eu". Hint: use "us" for app.pagerduty.com accounts or "eu" for app.eu.pagerduty.com accounts.',
    ]);
  });

  it("never quotes a credential in any message", () => {
    const canaries = [...Object.values(testCredentials), "u+abcdefghijklmnopqrst", "XXXXXXXX", "0123456789abcdef0123456789abcdef"];
    const everything = cases.flatMap(([, raw]) => messages(raw)).join("\n");
    for (const canary of canaries) expect(everything).not.toContain(canary);
  });
});
