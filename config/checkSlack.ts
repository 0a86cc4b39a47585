import { describeValue } from "./describeValue";
import { slackChannelKey, slackHandle } from "./naming";
import { type ServiceConfig, projectName } from "./projectKeys";
import type { ConfigProblem } from "./stackConfigError";

// Slack channel names: lower case, digits, - and _ (Slack's rule), after the #.
const channelPattern = /^#[a-z0-9][a-z0-9_-]{0,79}$/;
// Slack channel ids: C (public) or G (private), then upper-case letters and digits.
const channelIdPattern = /^[CG][A-Z0-9]{6,}$/;
// What survives in a `@slack-<account>-<channel>` handle.
const accountPattern = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** Slack routes (P8): each a channel with its #, on an account name a handle can carry, none twice. */
export function checkSlack(services: readonly ServiceConfig[], pagerdutySlack: boolean): ConfigProblem[] {
  return [...services.flatMap((service, i) => {
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
      const id = slackChannelKey(route.account, route.channel);
      if (seen.has(id)) problems.push({ key, problem: `repeats the route ${describeValue(id)}.`, hint: "list each channel once." });
      seen.add(id);
      return problems;
    });
  }), ...checkSharedChannels(services, pagerdutySlack)];
}

/**
 * Across services, routes to one channel share one Datadog channel resource, so they must
 * agree on how the channel is written and on its id; different channels must not end in the
 * same handle (`acme-eng` + `#alerts` and `acme` + `#eng-alerts` both make @slack-acme-eng-alerts);
 * and, with PagerDuty Slack connections on, one service may not post to two channels of one
 * name (its connections are named after the channel).
 */
function checkSharedChannels(services: readonly ServiceConfig[], pagerdutySlack: boolean): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const byChannel = new Map<string, { account: string; channelId?: string; where: string }>();
  const byHandle = new Map<string, { id: string; where: string }>();
  const byChannelId = new Map<string, { id: string; where: string }>();
  services.forEach((service, i) => {
    const names = new Map<string, string>();
    (service.slack?.routes ?? []).forEach((route, r) => {
      const where = `services[${i}].slack.routes[${r}]`;
      const key = `${projectName}:${where}`;
      const id = slackChannelKey(route.account, route.channel);
      const first = byChannel.get(id);
      if (first && first.account !== route.account) {
        problems.push({ key: `${key}.account`, problem: `${describeValue(route.account)} and ${first.where} ${describeValue(first.account)} name one Slack account in two spellings; the two routes share one Datadog channel.`, hint: "spell the account the same way in every route, as Datadog's Slack tile shows it." });
      } else if (first && route.channelId !== undefined && first.channelId !== undefined && first.channelId !== route.channelId) {
        problems.push({ key: `${key}.channelId`, problem: `${describeValue(route.channelId)} differs from ${first.where}'s ${describeValue(first.channelId)} for the same channel ${describeValue(route.channel)}.`, hint: "a channel has one id: copy it once from Slack and use it in both routes." });
      }
      if (!first) byChannel.set(id, { account: route.account, channelId: route.channelId, where });
      const handle = slackHandle(route.account, route.channel).toLowerCase();
      const handleOwner = byHandle.get(handle);
      if (handleOwner && handleOwner.id !== id) {
        problems.push({ key, problem: `makes the handle ${handle}, as ${handleOwner.where} does for another channel; Datadog could not tell the two apart.`, hint: "route to channels whose account and name do not run together into one handle." });
      } else if (!handleOwner) byHandle.set(handle, { id, where });
      if (route.channelId !== undefined) {
        const idOwner = byChannelId.get(route.channelId);
        if (idOwner && idOwner.id !== id) {
          problems.push({ key: `${key}.channelId`, problem: `${describeValue(route.channelId)} is also the id of ${idOwner.where}'s channel, which is named differently.`, hint: "copy each channel's own id from Slack (channel details → About)." });
        } else if (!idOwner) byChannelId.set(route.channelId, { id, where });
      }
      const name = route.channel.toLowerCase();
      const sameName = names.get(name);
      if (pagerdutySlack && sameName !== undefined && sameName !== id) {
        problems.push({ key, problem: `posts to a channel named ${describeValue(route.channel)} on another account than ${sameName.split("/")[0]}; the service's PagerDuty Slack connections are named after the channel, so the two would collide.`, hint: "route the service to one of the two channels." });
      } else if (sameName === undefined) names.set(name, id);
    });
  });
  return problems;
}
