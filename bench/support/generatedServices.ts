/**
 * N services wired as the committed stacks wire theirs: each with a Sentry project, half
 * adopting an escalation policy and half creating one, every other one with a Slack route
 * (a channel id, for prod's PagerDuty Slack connections) and every third routed to Opsgenie.
 * The offline-plan and engine benches plan and deploy stacks of these.
 */
export function generatedServices(count: number): unknown[] {
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
