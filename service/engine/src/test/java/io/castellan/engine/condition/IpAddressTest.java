package io.castellan.engine.condition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link IpAddress} against Go's {@code netip.ParseAddr} and {@code netip.Addr.String()}: the
 * family, the zone and the canonical form of each literal.
 */
class IpAddressTest {

  @ParameterizedTest(name = "\"{0}\" is IPv{1} \"{3}\"")
  @CsvSource({
    // literal,                                  family, zone, canonical
    "192.168.0.1,                                 4,   ,       192.168.0.1",
    "0.0.0.0,                                     4,   ,       0.0.0.0",
    "255.255.255.255,                             4,   ,       255.255.255.255",
    "10.0.0.10,                                   4,   ,       10.0.0.10",
    "::,                                          6,   ,       ::",
    "::1,                                         6,   ,       ::1",
    "1::,                                         6,   ,       1::",
    "0:0:0:0:0:0:0:0,                             6,   ,       ::",
    "0:0:0:0:0:0:0:1,                             6,   ,       ::1",
    "1:0:0:0:0:0:0:0,                             6,   ,       1::",
    "2001:db8::1,                                 6,   ,       2001:db8::1",
    "2001:DB8::1,                                 6,   ,       2001:db8::1",
    "2001:0db8:0000:0000:0000:0000:0000:0001,     6,   ,       2001:db8::1",
    "0001:02:003::,                               6,   ,       1:2:3::",
    // the longest run of zero groups is elided, the first of equal runs, never a single group
    "2001:db8:0:1:0:0:0:1,                        6,   ,       2001:db8:0:1::1",
    "2001:db8:0:0:1:0:0:1,                        6,   ,       2001:db8::1:0:0:1",
    "2001:db8:0:1:1:1:1:1,                        6,   ,       2001:db8:0:1:1:1:1:1",
    "1:2:3:4:5:6:7::,                             6,   ,       1:2:3:4:5:6:7:0",
    "::2:3:4:5:6:7:8,                             6,   ,       0:2:3:4:5:6:7:8",
    "1:2:3:4:5:6:7:8,                             6,   ,       1:2:3:4:5:6:7:8",
    "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff,     6,   ,       ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
    // IPv4-mapped addresses print the IPv4 part dotted; other embedded IPv4 parts print in hex
    "::ffff:192.0.2.1,                            6,   ,       ::ffff:192.0.2.1",
    "::FFFF:c000:0201,                            6,   ,       ::ffff:192.0.2.1",
    "0:0:0:0:0:ffff:192.0.2.1,                    6,   ,       ::ffff:192.0.2.1",
    "::ffff:0.0.0.0,                              6,   ,       ::ffff:0.0.0.0",
    "::192.0.2.1,                                 6,   ,       ::c000:201",
    "64:ff9b::192.0.2.1,                          6,   ,       64:ff9b::c000:201",
    "1:2:3:4:5:6:1.2.3.4,                         6,   ,       1:2:3:4:5:6:102:304",
    // zones are kept as written
    "fe80::1%eth0,                                6, eth0,     fe80::1%eth0",
    "FE80::ABCD%Eth0,                             6, Eth0,     fe80::abcd%Eth0",
    "fe80::1%25,                                  6, 25,       fe80::1%25",
    "fe80::1%a%b,                                 6, a%b,      fe80::1%a%b",
    "::ffff:1.2.3.4%eth0,                         6, eth0,     ::ffff:1.2.3.4%eth0",
  })
  void parsesAndPrintsLikeGoNetip(String literal, int family, String zone, String canonical) {
    IpAddress address = IpAddress.parse(literal);
    assertNotNull(address, literal);
    assertEquals(family == 4, address.isV4());
    assertEquals(family == 4 ? 4 : 16, address.bytes.length);
    assertEquals(zone, address.zone);
    assertEquals(canonical, address.canonical(literal));
  }

  @ParameterizedTest(name = "\"{0}\" is not an IP address")
  @CsvSource(
      delimiter = '|',
      value = {
        "''",
        "localhost",
        "example.com",
        "1",
        "1.2.3",
        "1.2.3.4.5",
        "1.2.3.256",
        "256.0.0.0",
        "01.2.3.4",
        "1.2.3.04",
        "1.2.3.00",
        "1..2.3",
        ".1.2.3",
        "1.2.3.4.",
        "1.2.3.-4",
        "1.2.3.0x4",
        "' 1.2.3.4'",
        "'1.2.3.4 '",
        "1.2.3.4/32",
        "1.2.3.4:80",
        "1.2.3.4%eth0",
        "%eth0",
        "1%eth0",
        "1.2.3.4::",
        "12345::",
        "::12345",
        ":",
        ":1",
        "1:",
        ":::",
        "1:::2",
        "1::2::3",
        "1:2:3:4:5:6:7",
        "1:2:3:4:5:6:7:8:9",
        "1:2:3:4:5:6:7:8::",
        "::1:2:3:4:5:6:7:8",
        "1:2:3:4::5:6:7:8",
        "::g",
        "[::1]",
        "fe80::1%",
        "::ffff:1.2.3",
        "::ffff:01.2.3.4",
        "::ffff:1.2.3.256",
        "::1.2.3.4:1",
        "1:2:3:4:5:1.2.3.4",
        "1:2:3:4:5:6:7:1.2.3.4",
        "::ffff:1.2.3.4%",
      })
  void rejectsWhatGoNetipRejects(String literal) {
    assertNull(IpAddress.parse(literal));
  }
}
