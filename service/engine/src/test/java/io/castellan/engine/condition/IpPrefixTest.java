package io.castellan.engine.condition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link IpPrefix} against Go's {@code netip.ParsePrefix} and {@code netip.Prefix.Contains}. */
class IpPrefixTest {

  @ParameterizedTest(name = "\"{0}\" is IPv{1} /{2}")
  @CsvSource({
    "10.0.0.0/8,               4, 8",
    "0.0.0.0/0,                4, 0",
    "1.2.3.4/32,               4, 32",
    "10.1.2.3/8,               4, 8",
    "::/0,                     6, 0",
    "::/128,                   6, 128",
    "2001:db8::/32,            6, 32",
    "2001:DB8::1/64,           6, 64",
    "::ffff:10.0.0.0/104,      6, 104",
  })
  void parsesPrefixesLikeGoNetip(String cidr, int family, int bits) {
    IpPrefix prefix = IpPrefix.parse(cidr);
    assertNotNull(prefix, cidr);
    assertEquals(family == 4 ? 4 : 16, prefix.bytes.length);
    assertEquals(bits, prefix.bits);
  }

  @ParameterizedTest(name = "\"{0}\" is not a prefix")
  @CsvSource({
    "''",
    "/",
    "/8",
    "10.0.0.0",
    "10.0.0.0/",
    "10.0.0.0/33",
    "10.0.0.0/1000",
    "::/129",
    // no sign, no leading zeros
    "10.0.0.0/08",
    "10.0.0.0/00",
    "::/0128",
    "10.0.0.0/+8",
    "10.0.0.0/-1",
    "10.0.0.0/a",
    "10.0.0.0/8a",
    "' 10.0.0.0/8'",
    "'10.0.0.0/8 '",
    "'10.0.0.0/ 8'",
    "10.0.0.0/8/8",
    "10.0.0/8",
    "010.0.0.0/8",
    "localhost/8",
    // zones are not allowed in a prefix
    "fe80::%eth0/64",
    "fe80::/64%eth0",
  })
  void rejectsWhatGoNetipRejects(String cidr) {
    assertNull(IpPrefix.parse(cidr));
  }

  @ParameterizedTest(name = "\"{1}\" in \"{0}\" is {2}")
  @CsvSource({
    "10.0.0.0/8,             10.1.2.3,            true",
    "10.0.0.0/8,             10.255.255.255,      true",
    "10.0.0.0/8,             11.0.0.0,            false",
    "10.0.0.0/8,             9.255.255.255,       false",
    // bits beyond the prefix length are ignored, in the prefix as in the address
    "10.1.2.3/8,             10.200.0.1,          true",
    "192.168.1.0/24,         192.168.1.255,       true",
    "192.168.1.0/24,         192.168.2.0,         false",
    "192.168.1.128/25,       192.168.1.128,       true",
    "192.168.1.128/25,       192.168.1.127,       false",
    "10.0.0.0/7,             11.255.255.255,      true",
    "10.0.0.0/7,             12.0.0.0,            false",
    "1.2.3.4/32,             1.2.3.4,             true",
    "1.2.3.4/32,             1.2.3.5,             false",
    "0.0.0.0/0,              8.8.8.8,             true",
    "2001:db8::/32,          2001:db8:1::1,       true",
    "2001:db8::/32,          2001:DB8:FFFF::,     true",
    "2001:db8::/32,          2001:db9::1,         false",
    "fe80::/10,              febf::1,             true",
    "fe80::/10,              fec0::1,             false",
    "2001:db8::1/128,        2001:db8::1,         true",
    "2001:db8::1/128,        2001:db8::2,         false",
    "::/0,                   ::ffff:1.2.3.4,      true",
    "::ffff:10.0.0.0/104,    ::ffff:10.1.1.1,     true",
    // never across families: an IPv4-mapped IPv6 address is not in an IPv4 prefix, nor the reverse
    "0.0.0.0/0,              ::1,                 false",
    "::/0,                   1.2.3.4,             false",
    "10.0.0.0/8,             ::ffff:10.0.0.1,     false",
    "::ffff:10.0.0.0/104,    10.1.1.1,            false",
    // never for an address with a zone
    "fe80::/10,              fe80::1%eth0,        false",
    "::/0,                   ::1%lo,              false",
  })
  void containsLikeGoNetip(String cidr, String address, boolean contained) {
    assertEquals(contained, IpPrefix.parse(cidr).contains(IpAddress.parse(address)));
  }
}
