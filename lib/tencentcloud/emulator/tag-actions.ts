import type { FailedResource } from "tencentcloud-sdk-nodejs/tencentcloud/services/tag/v20180813/tag_models";
import type { ActionContext, HandlerTable, ResourceRecord } from "./types";
import { TencentError, tokenPage } from "./utils";

const SIX_SEGMENT = /^qcs::([a-z0-9]+):([a-z0-9-]*):uin\/(\d+):([^/]+)\/(.+)$/;
const RESERVED_PREFIXES = ["qcs:", "qcloud", "tencent", "project"];
const MAX_PER_REQUEST = 10;
const MAX_TAGS_PER_RESOURCE = 50;
const MAX_TAG_FILTERS = 5;
const TOKEN_INVALID = "InvalidParameter.PaginationTokenInvalid";

function validateTagKey(key: string) {
  if (RESERVED_PREFIXES.some((prefix) => key.startsWith(prefix))) {
    throw new TencentError("InvalidParameter.ReservedTagKey", `Tag key ${key} is reserved.`);
  }
  if (key.length < 1 || key.length > 127) {
    throw new TencentError("InvalidParameterValue.TagKeyLengthExceeded", "Tag keys are 1–127 characters.");
  }
}

/**
 * Applies `change` to each listed resource of the caller's account. Per-resource problems are reported in
 * FailedResources, as Tencent does, rather than failing the whole request.
 */
function eachResource(
  context: ActionContext,
  resources: string[],
  change: (record: ResourceRecord) => FailedResource | undefined,
): { FailedResources: FailedResource[] } {
  if (resources.length > MAX_PER_REQUEST) {
    throw new TencentError("LimitExceeded.ResourceNumPerRequest", `At most ${MAX_PER_REQUEST} resources per request.`);
  }
  const failed: FailedResource[] = [];
  for (const resource of resources) {
    const match = SIX_SEGMENT.exec(resource);
    if (!match) {
      failed.push({ Resource: resource, Code: "InvalidParameterValue.ResourceDescriptionError", Message: "Not a six-segment resource name." });
      continue;
    }
    if (Number(match[3]) !== context.caller.accountUin) {
      failed.push({ Resource: resource, Code: "FailedOperation.ResourceAppIdNotSame", Message: "The resource belongs to another account." });
      continue;
    }
    let record = context.store.resourcesOf(context.caller.accountUin).find((entry) => entry.resource === resource);
    if (!record) {
      record = { resource, accountUin: context.caller.accountUin, tags: {} };
      context.store.addResource(record);
    }
    const failure = change(record);
    if (failure) failed.push(failure);
  }
  return { FailedResources: failed };
}

export const tagActions: HandlerTable<"tag"> = {
  GetResources({ store, caller }, request) {
    const filters = request.TagFilters ?? [];
    if (filters.length > MAX_TAG_FILTERS) {
      throw new TencentError("InvalidParameterValue.TagFiltersLengthExceeded", `At most ${MAX_TAG_FILTERS} tag filters.`);
    }
    const listed = request.ResourceList ? new Set(request.ResourceList) : undefined;
    const matches = store.resourcesOf(caller.accountUin).filter(
      (record) =>
        (!listed || listed.has(record.resource)) &&
        filters.every((filter) => {
          const value = record.tags[filter.TagKey];
          return value !== undefined && (!filter.TagValue?.length || filter.TagValue.includes(value));
        }),
    );
    const page = tokenPage(matches, request.PaginationToken, request.MaxResults, { default: 50, max: 200, invalidCode: TOKEN_INVALID });
    return {
      PaginationToken: page.next ?? "",
      ResourceTagMappingList: page.items.map((record) => ({
        Resource: record.resource,
        Tags: Object.entries(record.tags).map(([TagKey, TagValue]) => ({ TagKey, TagValue })),
      })),
    };
  },

  GetTagKeys({ store, caller }, request) {
    const keys = [...new Set(store.resourcesOf(caller.accountUin).flatMap((record) => Object.keys(record.tags)))].sort();
    const page = tokenPage(keys, request.PaginationToken, request.MaxResults, { default: 50, max: 1000, invalidCode: TOKEN_INVALID });
    return { PaginationToken: page.next ?? "", TagKeys: page.items };
  },

  GetTagValues({ store, caller }, request) {
    const pairs = new Set<string>();
    for (const record of store.resourcesOf(caller.accountUin)) {
      for (const key of request.TagKeys) {
        const value = record.tags[key];
        if (value !== undefined) pairs.add(JSON.stringify([key, value]));
      }
    }
    const tags = [...pairs].sort().map((pair) => {
      const [TagKey = "", TagValue = ""] = JSON.parse(pair) as [string, string];
      return { TagKey, TagValue };
    });
    const page = tokenPage(tags, request.PaginationToken, request.MaxResults, { default: 50, max: 1000, invalidCode: TOKEN_INVALID });
    return { PaginationToken: page.next ?? "", Tags: page.items };
  },

  TagResources(context, request) {
    if (request.Tags.length > MAX_PER_REQUEST) {
      throw new TencentError("LimitExceeded.TagNumPerRequest", `At most ${MAX_PER_REQUEST} tags per request.`);
    }
    for (const tag of request.Tags) {
      validateTagKey(tag.TagKey);
      if (tag.TagValue.length < 1 || tag.TagValue.length > 255) {
        throw new TencentError("InvalidParameterValue.TagValueLengthExceeded", "Tag values are 1–255 characters.");
      }
    }
    return eachResource(context, request.ResourceList, (record) => {
      const keys = new Set([...Object.keys(record.tags), ...request.Tags.map((tag) => tag.TagKey)]);
      if (keys.size > MAX_TAGS_PER_RESOURCE) {
        return { Resource: record.resource, Code: "LimitExceeded.ResourceAttachedTags", Message: "A resource holds at most 50 tags." };
      }
      // One value per key: binding a new value replaces the old one.
      for (const tag of request.Tags) record.tags[tag.TagKey] = tag.TagValue;
      return undefined;
    });
  },

  UnTagResources(context, request) {
    if (request.TagKeys.length > MAX_PER_REQUEST) {
      throw new TencentError("LimitExceeded.TagNumPerRequest", `At most ${MAX_PER_REQUEST} tag keys per request.`);
    }
    return eachResource(context, request.ResourceList, (record) => {
      for (const key of request.TagKeys) delete record.tags[key];
      return undefined;
    });
  },
};
