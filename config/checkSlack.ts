import { describeValue } from "./describeValue";
import { type ServiceConfig, projectName } from "./projectKeys";
import type { ConfigProblem } from "./stackConfigError";

// Slack channel names: lower case, digits, - and _ (Slack's rule), after the #.
const channelPattern = /^#[a-z0-9][a-z0-9_-]{0,79}$/;
// Slack channel ids: C (public) or G (private), then upper-case letters and digits.
const channelIdPattern = /^[CG][A-Z0-9]{6,}$/;
// What survives in a `@slack-<account>-<channel>` handle.
const accountPattern = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** Slack routes (P8): each a channel with its #, on an account name a handle can carry, none twice. */
export function checkSlack(services: readonly ServiceConfig[]): ConfigProblem[] {
  return services.flatMap((service, i) => {
    const seen = new Set<string>();
    return (service.slack?.routes ?? []).flatMap((route, r): ConfigProblem[] => {
      const key = `${projectName}:services[${i}].slack.routes[${r}]`;
      const problems: ConfigProblem[] = [];
      if (!accountPattern.test(route.account)) {
        problems.push({ key: `${key}.account`, problem: `${describeValue(route.account)} cannot be part of a Datadog @slack-… handle.`, hint: "give the Slack account's name as Datadog's Slack integration tile shows it." });
      }
      if (!channelPattern.test(route.channel)) {
        const missingHash = !route.channel.startsWith("#") && channelPattern.test(`#${route.channel}`);
        problems.push({
          key: `${key}.channel`,
          problem: missingHash ? `${describeValue(route.channel)} lacks the leading #.` : `${describeValue(route.channel)} is not a Slack channel name.`,
          hint: missingHash ? `write "#${route.channel}".` : 'give the channel with its #, in lower case, e.g. "#alerts".',
        });
      }
      if (route.channelId !== undefined && !channelIdPattern.test(route.channelId)) {
        problems.push({ key: `${key}.channelId`, problem: `${describeValue(route.channelId)} is not a Slack channel id.`, hint: "copy the id from Slack (channel details → bottom of the About tab): C… for public, G… for private channels." });
      }
      // Resource names are lower-cased, so Acme and acme would be one route twice.
      const id = `${route.account.toLowerCase()}/${route.channel}`;
      if (seen.has(id)) problems.push({ key, problem: `repeats the route ${describeValue(id)}.`, hint: "list each channel once." });
      seen.add(id);
      return problems;
    });
  });
}
