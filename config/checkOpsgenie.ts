import type { RawStackConfig } from "./checkCredentials";
import { describeValue } from "./describeValue";
import { nameSlug } from "./naming";
import { type ProjectConfig, projectName } from "./projectKeys";
import { opsgenieHosts } from "./regions";
import { SecretValue } from "./secretValue";
import type { ConfigProblem } from "./stackConfigError";
import type { StackSettings } from "./stackSettings";

const maxTeamNameLength = 100;

/**
 * Opsgenie (P7): a team name is created or adopted consistently across services, and the
 * account-level key the team and integration resources read at deploy time is present now.
 */
export function checkOpsgenie(raw: RawStackConfig, config: ProjectConfig, problems: ConfigProblem[]): StackSettings["opsgenie"] {
  const routed = config.services.map((s, i) => ({ i, opsgenie: s.opsgenie })).filter((s) => s.opsgenie !== undefined);
  if (routed.length === 0) return undefined;
  const before = problems.length;
  const adoptByTeam = new Map<string, { adopt: boolean; index: number }>();
  for (const { i, opsgenie } of routed) {
    const team = opsgenie?.team ?? "";
    if (team.trim() === "") {
      problems.push({ key: `${projectName}:services[${i}].opsgenie.team`, problem: "is empty.", hint: "give the Opsgenie team's name exactly as Opsgenie shows it." });
      continue;
    }
    // Opsgenie's limit, which the team resource's check applies at preview (components/dynamic/opsgenieTeam.ts).
    // @see https://docs.opsgenie.com/docs/team-api-deprecated ("Name of team. Can not exceed 100 characters.")
    if ([...team].length > maxTeamNameLength) {
      problems.push({ key: `${projectName}:services[${i}].opsgenie.team`, problem: `is ${[...team].length} characters long; Opsgenie allows at most ${maxTeamNameLength} in a team name.`, hint: "give the Opsgenie team's name exactly as Opsgenie shows it (at most 100 characters)." });
      continue;
    }
    // Two spellings of one team would make two resources (or two teams) for one: case, spaces, dashes and underscores.
    const folded = (name: string) => nameSlug(name).replace(/_/g, "-");
    const twin = [...adoptByTeam.keys()].find((other) => other !== team && folded(other) === folded(team));
    if (twin !== undefined) {
      problems.push({
        key: `${projectName}:services[${i}].opsgenie.team`,
        problem: `${describeValue(team)} and ${describeValue(twin)} differ only in case or punctuation.`,
        hint: "spell the team the same way in every service, exactly as Opsgenie shows it.",
      });
      continue;
    }
    const seen = adoptByTeam.get(team);
    if (seen && seen.adopt !== opsgenie?.adoptTeam) {
      problems.push({
        key: `${projectName}:services[${i}].opsgenie.adoptTeam`,
        problem: `is ${String(opsgenie?.adoptTeam)}, but services[${seen.index}] says ${String(seen.adopt)} for the same team ${describeValue(team)}.`,
        hint: "a team is either created by this stack or adopted: give every service of that team the same adoptTeam.",
      });
    } else if (!seen) adoptByTeam.set(team, { adopt: opsgenie?.adoptTeam ?? false, index: i });
  }
  const accountKey = raw.env.OPSGENIE_ACCOUNT_API_KEY?.trim();
  if (!accountKey) {
    problems.push({
      key: `${projectName}:services[${routed[0].i}].opsgenie`,
      problem: "routes to Opsgenie, but $OPSGENIE_ACCOUNT_API_KEY is not set; the team and API integration are made with it.",
      hint: "export OPSGENIE_ACCOUNT_API_KEY (Opsgenie → Settings → API key management: an account key with configuration access; the team key verify uses cannot create teams).",
    });
  }
  if (problems.length > before || !accountKey) return undefined;
  return {
    region: config.opsgenieRegion,
    apiUrl: opsgenieHosts[config.opsgenieRegion],
    hosts: opsgenieHosts,
    accountKey: new SecretValue(accountKey, "$OPSGENIE_ACCOUNT_API_KEY"),
  };
}
