import {
  ExchangeAlreadyExistsError,
  ExchangeBadParameterError,
  ExchangeError,
  ExchangeForbiddenError,
  ExchangeNotFoundError,
  ExchangeThrottledError,
  ExchangeTransientError,
  ExchangeUnauthorizedError,
  exchangeErrorFor,
  parseServiceError,
} from "../../src/exchange/errors";
import { addRemove, encodeParameters, stripAnnotations } from "../../src/exchange/params";
import { parseRetryAfterMs, retryDelayMs, retryOptions } from "../../src/identity/retry";

const envelope = (status: string, detail: string) =>
  JSON.stringify({ error: { code: status, message: "Error executing cmdlet", details: [{ code: "Client", target: "", message: detail }], innererror: { internalexception: { message: "inner" } } } });

describe("parseServiceError", () => {
  it("splits details[0].message into error id, exception type and text (text may contain |)", () => {
    expect(parseServiceError(envelope("NotFound", "Ex6F9304|Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException|object 'a|b' couldn't be found"))).toEqual({
      code: "NotFound",
      errorId: "Ex6F9304",
      exceptionType: "Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException",
      text: "object 'a|b' couldn't be found",
    });
  });

  it("falls back to the inner exception, then the message, then the raw body", () => {
    expect(parseServiceError(JSON.stringify({ error: { code: "X", message: "outer", innererror: { internalexception: { message: "inner" } } } })).text).toBe("inner");
    expect(parseServiceError(JSON.stringify({ error: { code: "X", message: "outer" } })).text).toBe("outer");
    expect(parseServiceError("\u0000\u0000garbage", "DCOverloadedException")).toEqual({ text: "garbage", exceptionType: "DCOverloadedException" });
  });
});

describe("exchangeErrorFor", () => {
  const classify = (status: number, detail: string) => exchangeErrorFor("Get-X", status, parseServiceError(envelope("E", detail)));
  it("classifies by exception type before status", () => {
    expect(classify(500, "Ex1|Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException|gone")).toBeInstanceOf(ExchangeNotFoundError);
    expect(classify(400, "Ex2|Microsoft.Exchange.Data.Directory.ADObjectAlreadyExistsException|dup")).toBeInstanceOf(ExchangeAlreadyExistsError);
    expect(classify(500, "Ex3|Microsoft.Exchange.Data.Directory.DCOverloadedException|busy")).toBeInstanceOf(ExchangeTransientError);
    expect(classify(429, "Ex4|Throttling|slow down")).toBeInstanceOf(ExchangeThrottledError);
    expect(classify(401, "Ex5|Unauthorized|User is not allowed to call Get-X")).toBeInstanceOf(ExchangeForbiddenError);
    expect(classify(401, "Ex6|Unauthorized|token expired")).toBeInstanceOf(ExchangeUnauthorizedError);
    expect(classify(403, "Ex7|Forbidden|no")).toBeInstanceOf(ExchangeForbiddenError);
    expect(classify(418, "Ex8|Teapot|?")).toBeInstanceOf(ExchangeError);
  });

  it("names the parameter the service complained about", () => {
    const error = classify(400, "Ex9|System.Management.Automation.ParameterBindingException|A parameter cannot be found that matches parameter name 'Bogus'.");
    expect(error).toBeInstanceOf(ExchangeBadParameterError);
    expect(error.parameter).toBe("Bogus");
    expect(error.message).toBe("Get-X failed: A parameter cannot be found that matches parameter name 'Bogus'. (HTTP 400, ParameterBindingException)");
  });
});

describe("parameter encoding", () => {
  it("tags Add/Remove hashtables, turns dates into ISO text, keeps $null and drops undefined", () => {
    expect(encodeParameters({ Identity: "x", SenderIPAddresses: addRemove(["1.2.3.4"], ["5.6.7.8"]), Comment: null, Enabled: undefined, When: new Date("2026-05-06T14:30:00Z") })).toEqual({
      Identity: "x",
      SenderIPAddresses: { "@odata.type": "#Exchange.GenericHashTable", Add: ["1.2.3.4"], Remove: ["5.6.7.8"] },
      Comment: null,
      When: "2026-05-06T14:30:00.000Z",
    });
  });

  it("strips OData annotations from returned objects", () => {
    expect(stripAnnotations({ Name: "a", "SenderDomains@odata.type": "#Collection(String)", SenderDomains: ["smtp:*;1"], "@odata.id": "x" })).toEqual({ Name: "a", SenderDomains: ["smtp:*;1"] });
  });
});

describe("retry timing", () => {
  it("reads Retry-After as fractional seconds or an HTTP date", () => {
    expect(parseRetryAfterMs("1.5")).toBe(1500);
    expect(parseRetryAfterMs(new Date(Date.now() + 3000).toUTCString())).toBeGreaterThan(1000);
    expect(parseRetryAfterMs("soon")).toBeUndefined();
    expect(parseRetryAfterMs(undefined)).toBeUndefined();
  });

  it("doubles from the base delay, prefers Retry-After, and caps both", () => {
    const options = retryOptions({ baseDelayMs: 2000, maxDelayMs: 10_000 });
    expect([0, 1, 2, 3].map((n) => retryDelayMs(n, options))).toEqual([2000, 4000, 8000, 10_000]);
    expect(retryDelayMs(0, options, 500)).toBe(500);
    expect(retryDelayMs(0, options, 60_000)).toBe(10_000);
  });
});
