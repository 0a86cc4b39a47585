import type { StackSettings } from "../config/stackSettings";
import { nameSlug } from "../config/naming";
import { OpsgenieTeam } from "./dynamic/opsgenieTeam";

/**
 * Opsgenie (P7): one team resource per team name the services route to, created or adopted,
 * shared by every service of that team. Keyed by the team's configured name.
 */
export function declareOpsgenieTeams(settings: StackSettings): Map<string, OpsgenieTeam> {
  const teams = new Map<string, OpsgenieTeam>();
  for (const service of settings.services) {
    if (!settings.opsgenie || !service.opsgenie || teams.has(service.opsgenie.team)) continue;
    teams.set(
      service.opsgenie.team,
      new OpsgenieTeam(
        `opsgenie-team-${nameSlug(service.opsgenie.team)}`,
        { apiUrl: settings.opsgenie.apiUrl, name: service.opsgenie.team, adopt: service.opsgenie.adoptTeam },
        // Deleting a team deletes its integrations, and with them keys senders use.
        { retainOnDelete: settings.retainCredentialsOnDelete },
      ),
    );
  }
  return teams;
}
