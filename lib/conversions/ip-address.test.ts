import { isIP } from "node:net";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isIPv4, isIPv6, isIpAddress } from "./ip-address";

describe("isIpAddress", () => {
  it("accepts every address fast-check generates, like node:net does", () => {
    fc.assert(fc.property(fc.ipV4(), (ip) => isIPv4(ip) && isIP(ip) === 4));
    fc.assert(fc.property(fc.ipV6(), (ip) => isIPv6(ip) && isIP(ip) === 6));
  });

  it("agrees with node:net on hand-picked edge cases", () => {
    const cases = [
      "0.0.0.0",
      "255.255.255.255",
      "256.1.1.1",
      "1.2.3",
      "1.2.3.4.5",
      "1.2.3.04",
      "01.2.3.4",
      " 1.2.3.4",
      "1.2.3.4 ",
      "::",
      "::1",
      "1::",
      "1:2:3:4:5:6:7:8",
      "1:2:3:4:5:6:7::",
      "::2:3:4:5:6:7:8",
      "1::2:3:4:5:6:7:8",
      "1:2:3:4:5:6:7",
      "::ffff:1.2.3.4",
      "1:2:3:4:5:6:1.2.3.4",
      "1:2:3:4:5:6:7:1.2.3.4",
      "::1.2.3.4",
      "1::2::3",
      ":::",
      "12345::",
      "g::1",
      "2001:DB8::1",
      ":1:2:3:4:5:6:7",
      "1:2:3:4:5:6:7:",
      "",
      "localhost",
    ];
    for (const ip of cases) expect([ip, isIpAddress(ip)]).toEqual([ip, isIP(ip) !== 0]);
  });

  it("refuses IPv6 zone ids, which node:net accepts but X cannot use", () => {
    expect(isIP("fe80::1%eth0")).toBe(6);
    expect(isIpAddress("fe80::1%eth0")).toBe(false);
  });
});
