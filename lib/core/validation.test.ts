import { describe, expect, it } from "vitest";
import { firstSearchValues, searchParamsFrom } from "./validation";

describe("searchParamsFrom", () => {
  it("keeps every value of a repeated parameter, in order", () => {
    expect({ ...searchParamsFrom(new URLSearchParams("a=1&b=2&a=3")) }).toEqual({ a: ["1", "3"], b: ["2"] });
  });

  it("treats parameters named like Object.prototype members as plain parameters", () => {
    const params = searchParamsFrom(new URLSearchParams("constructor=x&__proto__=y&toString=z"));
    expect(params.constructor).toEqual(["x"]);
    expect(params.__proto__).toEqual(["y"]);
    expect(firstSearchValues(params).values.toString).toBe("z");
  });
});
