package io.castellan.engine.condition;

/**
 * A CIDR prefix, with the semantics of Go's {@code netip.ParsePrefix} and {@code Prefix.Contains}
 * (OpenFGA's {@code in_cidr}).
 */
final class IpPrefix {
  final byte[] bytes;
  final int bits;

  private IpPrefix(byte[] bytes, int bits) {
    this.bytes = bytes;
    this.bits = bits;
  }

  /**
   * Go's {@code netip.ParsePrefix}: an address without a zone, '/', and a length without a sign or
   * leading zeros that fits the family; null otherwise. Bits beyond the length are kept, not
   * masked.
   */
  static IpPrefix parse(String s) {
    if (s == null) {
      return null;
    }
    int slash = s.lastIndexOf('/');
    if (slash < 0) {
      return null;
    }
    IpAddress address = IpAddress.parse(s.substring(0, slash));
    if (address == null || address.zone != null) {
      return null;
    }
    String bitsText = s.substring(slash + 1);
    if (bitsText.isEmpty()
        || bitsText.length() > 3
        || (bitsText.length() > 1 && bitsText.charAt(0) == '0')) {
      return null;
    }
    int bits = 0;
    for (int i = 0; i < bitsText.length(); i++) {
      char c = bitsText.charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
      bits = bits * 10 + (c - '0');
    }
    if (bits > address.bytes.length * 8) {
      return null;
    }
    return new IpPrefix(address.bytes, bits);
  }

  /**
   * False across families (an IPv4-mapped IPv6 address is not in an IPv4 prefix) and for zoned
   * addresses.
   */
  boolean contains(IpAddress address) {
    if (address.zone != null || address.bytes.length != bytes.length) {
      return false;
    }
    int full = bits / 8;
    for (int i = 0; i < full; i++) {
      if (address.bytes[i] != bytes[i]) {
        return false;
      }
    }
    int rest = bits % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xff << (8 - rest)) & 0xff;
    return (address.bytes[full] & mask) == (bytes[full] & mask);
  }
}
