import { describe, expect, it } from "vitest";
import { isPrivateAddress } from "./private-address";

describe("isPrivateAddress", () => {
  it("knows the IPv4 special-purpose blocks", () => {
    for (const address of [
      "0.0.0.0",
      "0.1.2.3",
      "10.1.2.3",
      "100.64.0.1",
      "100.127.255.255",
      "127.0.0.1",
      "127.255.255.254",
      "169.254.169.254",
      "172.16.0.1",
      "172.31.255.255",
      "192.0.0.8",
      "192.0.2.10",
      "192.88.99.1",
      "192.168.1.1",
      "198.18.0.1",
      "198.19.255.255",
      "198.51.100.7",
      "203.0.113.9",
      "224.0.0.1",
      "239.255.255.250",
      "240.0.0.1",
      "255.255.255.255",
    ]) {
      expect(isPrivateAddress(address), address).toBe(true);
    }
    for (const address of [
      "8.8.8.8",
      "1.1.1.1",
      "93.184.216.34",
      "172.32.0.1",
      "172.15.255.255",
      "100.128.0.1",
      "100.63.255.255",
      "192.169.0.1",
      "198.20.0.1",
      "223.255.255.255",
      "11.0.0.1",
    ]) {
      expect(isPrivateAddress(address), address).toBe(false);
    }
  });

  it("knows IPv6 loopback, unspecified, local, site-local, multicast and reserved space", () => {
    for (const address of [
      "::",
      "::1",
      "[::1]",
      "0:0:0:0:0:0:0:1",
      "fc00::1",
      "fd12:3456::1",
      "fe80::1",
      "fe80::1%eth0",
      "febf::1",
      "fec0::1", // site-local (deprecated, still routed inside some networks)
      "[fec0::1]",
      "feff::1",
      "ff02::1",
      "ff0e::1",
      "100::1", // discard-only
      "64:ff9b:1::1", // local-use NAT64
      "2001::1", // Teredo
      "2001:0:4136:e378:8000:63bf:3fff:fdd2", // Teredo, with a public server address
      "2001:2::1", // benchmarking
      "2001:10::1", // ORCHID
      "2001:db8::1",
      "3fff::1",
      "5f00::1",
      "4000::1",
      "e000::1",
    ]) {
      expect(isPrivateAddress(address), address).toBe(true);
    }
    for (const address of [
      "2606:4700::1111",
      "2001:4860:4860::8888",
      "2a00:1450:4001:80b::200e",
      "[2a03:2880:f12f:83:face:b00c:0:25de]",
    ]) {
      expect(isPrivateAddress(address), address).toBe(false);
    }
  });

  it("judges IPv6 forms that carry an IPv4 address by that address, however written", () => {
    for (const address of [
      // IPv4-mapped, dotted and as the URL parser writes it.
      "::ffff:10.0.0.1",
      "::FFFF:127.0.0.1",
      "::ffff:7f00:1",
      "[::ffff:a9fe:a9fe]",
      "0:0:0:0:0:ffff:192.168.0.1",
      // IPv4-compatible (deprecated): all of ::/96 is refused.
      "::127.0.0.1",
      "::7f00:1",
      "[::7f00:1]",
      "::8.8.8.8",
      // SIIT IPv4-translated.
      "::ffff:0:127.0.0.1",
      "::ffff:0:7f00:1",
      // NAT64 well-known prefix embedding private IPv4.
      "64:ff9b::10.0.0.1",
      "64:ff9b::a00:1",
      "64:ff9b::7f00:1",
      "64:ff9b::a9fe:a9fe",
      // 6to4 embedding private IPv4.
      "2002:a00:1::",
      "2002:7f00:1::1",
      "2002:c0a8:101::1",
      "2002:a9fe:a9fe::",
    ]) {
      expect(isPrivateAddress(address), address).toBe(true);
    }
    // The same forms around a public IPv4 address are public (DNS64 networks answer every
    // IPv4-only name with a 64:ff9b:: address).
    for (const address of [
      "::ffff:8.8.8.8",
      "::ffff:808:808",
      "64:ff9b::8.8.8.8",
      "64:ff9b::808:808",
      "2002:808:808::1",
    ]) {
      expect(isPrivateAddress(address), address).toBe(false);
    }
  });

  it("says nothing about names", () => {
    for (const name of ["hooks.slack.com", "localhost", "127.0.0.1.nip.io", "", "127.1", "::g"])
      expect(isPrivateAddress(name), name).toBe(false);
  });
});
