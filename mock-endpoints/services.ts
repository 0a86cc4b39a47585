import type { MockServiceDefinition, ServiceName } from "./core/types";
import { slackMock } from "./slack";

/** Every mock service by name. */
export const mockServices: Partial<Record<ServiceName, MockServiceDefinition<any>>> = {
  slack: slackMock,
};
