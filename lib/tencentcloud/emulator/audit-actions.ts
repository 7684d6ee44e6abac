import type { HandlerTable } from "./types";
import { formatTime, TencentError, tokenPage } from "./utils";

const SEARCH_WINDOW_SECONDS = 7 * 86_400;
const ATTRIBUTE_KEYS = ["RequestId", "EventName", "ReadOnly", "Username", "ResourceType", "ResourceName", "AccessKeyId", "EventId"];

export const auditActions: HandlerTable<"cloudaudit"> = {
  LookUpEvents({ store, caller, now }, request) {
    if (request.StartTime > request.EndTime) throw new TencentError("InvalidParameterValue.Time", "StartTime is after EndTime.");
    if (now / 1000 - request.StartTime > SEARCH_WINDOW_SECONDS) {
      throw new TencentError("LimitExceeded.OverTime", "Only entries for the last 7 days can be searched for.");
    }
    if (request.MaxResults !== undefined && (request.MaxResults < 1 || request.MaxResults > 50)) {
      throw new TencentError("InvalidParameterValue.MaxResult", "The maximum number of entries returned in one search is 50.");
    }
    const attributes = request.LookupAttributes ?? [];
    const unknown = attributes.find((attribute) => !ATTRIBUTE_KEYS.includes(attribute.AttributeKey));
    if (unknown) throw new TencentError("InvalidParameterValue.attributeKey", `Unknown AttributeKey ${unknown.AttributeKey}.`);

    const events = store
      .accountData(caller.accountUin)
      .auditEvents.filter((event) => event.eventTime >= request.StartTime && event.eventTime <= request.EndTime)
      .filter((event) =>
        attributes.every(({ AttributeKey, AttributeValue = "" }) => {
          const values: Record<string, string> = {
            RequestId: event.requestId,
            EventName: event.eventName,
            ReadOnly: String(event.readOnly),
            Username: event.username,
            ResourceType: event.resourceType,
            ResourceName: event.resourceName,
            AccessKeyId: event.secretId,
            EventId: event.eventId,
          };
          return values[AttributeKey] === AttributeValue;
        }),
      )
      .sort((a, b) => b.eventTime - a.eventTime);
    const page = tokenPage(events, request.NextToken, request.MaxResults, {
      default: 10,
      max: 50,
      invalidCode: "InvalidParameterValue.NextToken",
    });
    return {
      NextToken: page.next ?? "",
      ListOver: page.next === undefined,
      Events: page.items.map((event) => ({
        EventId: event.eventId,
        EventName: event.eventName,
        EventNameCn: event.eventName,
        EventSource: event.eventSource,
        EventTime: formatTime(event.eventTime * 1000),
        Username: event.username,
        SecretId: event.secretId,
        RequestID: event.requestId,
        AccountID: caller.accountUin,
        ErrorCode: event.errorCode,
        EventRegion: "ap-singapore",
        ResourceRegion: "ap-singapore",
        SourceIPAddress: "127.0.0.1",
        Location: "",
        ResourceTypeCn: event.resourceType,
        Resources: { ResourceType: event.resourceType, ResourceName: event.resourceName },
        CloudAuditEvent: JSON.stringify({
          actionType: event.readOnly ? "Read" : "Write",
          eventName: event.eventName,
          eventSource: event.eventSource,
          requestID: event.requestId,
          userIdentity: { principalId: event.username, secretId: event.secretId },
          errorCode: event.errorCode,
        }),
      })),
    };
  },
};
