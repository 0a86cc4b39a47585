import type { MockServiceDefinition, ServiceName } from "./core/types";
import { datadogMock } from "./datadog";
import { opsgenieMock } from "./opsgenie";
import { pagerdutyMock } from "./pagerduty";
import { sentryMock } from "./sentry";
import { slackMock } from "./slack";
import { splunkMock } from "./splunk";

/** Every mock service by name. */
export const mockServices: Record<ServiceName, MockServiceDefinition<any>> = {
  slack: slackMock,
  sentry: sentryMock,
  pagerduty: pagerdutyMock,
  opsgenie: opsgenieMock,
  datadog: datadogMock,
  splunk: splunkMock,
};
