package io.castellan.engine.condition;

/**
 * An IPv4 (4 bytes) or IPv6 (16 bytes, maybe with a zone) address, parsed from a literal and
 * printed with the rules of Go's {@code net/netip} ({@code netip.ParseAddr}, {@code
 * netip.Addr.String()}), which OpenFGA uses for {@code ipaddress} parameters. Only literals are
 * parsed, never host names.
 */
final class IpAddress {
  final byte[] bytes;
  final String zone; // IPv6 only; null when absent

  private IpAddress(byte[] bytes, String zone) {
    this.bytes = bytes;
    this.zone = zone;
  }

  /** Go's {@code netip.ParseAddr}; null if {@code s} is not an IP address literal. */
  static IpAddress parse(String s) {
    if (s == null || s.isEmpty()) {
      return null;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '.') {
        byte[] v4 = parseIPv4(s, 0, s.length());
        return v4 == null ? null : new IpAddress(v4, null);
      } else if (c == ':') {
        int end = s.length();
        String zone = null;
        int percent = s.indexOf('%');
        if (percent >= 0) {
          zone = s.substring(percent + 1);
          if (zone.isEmpty()) {
            return null;
          }
          end = percent;
        }
        byte[] v6 = parseIPv6(s, end);
        return v6 == null ? null : new IpAddress(v6, zone);
      } else if (c == '%') {
        return null; // a zone needs an IPv6 address before it
      }
    }
    return null;
  }

  boolean isV4() {
    return bytes.length == 4;
  }

  /** The form Go's {@code netip.Addr.String()} prints; IPv4 literals are already canonical. */
  String canonical(String original) {
    if (isV4()) {
      return original;
    }
    StringBuilder out = new StringBuilder(40);
    boolean v4Mapped = true;
    for (int i = 0; i < 10; i++) {
      if (bytes[i] != 0) {
        v4Mapped = false;
        break;
      }
    }
    if (v4Mapped && (bytes[10] & 0xff) == 0xff && (bytes[11] & 0xff) == 0xff) {
      out.append("::ffff:")
          .append(bytes[12] & 0xff)
          .append('.')
          .append(bytes[13] & 0xff)
          .append('.')
          .append(bytes[14] & 0xff)
          .append('.')
          .append(bytes[15] & 0xff);
    } else {
      int bestStart = -1;
      int bestLength = 0;
      for (int i = 0; i < 8; ) {
        if (group(i) == 0) {
          int j = i;
          while (j < 8 && group(j) == 0) {
            j++;
          }
          if (j - i > bestLength && j - i >= 2) {
            bestStart = i;
            bestLength = j - i;
          }
          i = j;
        } else {
          i++;
        }
      }
      for (int i = 0; i < 8; i++) {
        if (i == bestStart) {
          out.append("::");
          i += bestLength - 1;
          continue;
        }
        if (i > 0 && i != bestStart + bestLength) {
          out.append(':');
        }
        out.append(Integer.toHexString(group(i)));
      }
    }
    if (zone != null) {
      out.append('%').append(zone);
    }
    return out.toString();
  }

  private int group(int i) {
    return ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
  }

  /** Exactly four decimal octets, no leading zeros, each at most 255. */
  static byte[] parseIPv4(String s, int from, int to) {
    byte[] out = new byte[4];
    int field = 0;
    int value = 0;
    int digits = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        if (digits == 1 && value == 0) {
          return null; // leading zero
        }
        value = value * 10 + (c - '0');
        digits++;
        if (value > 255) {
          return null;
        }
      } else if (c == '.') {
        if (digits == 0 || field == 3) {
          return null;
        }
        out[field++] = (byte) value;
        value = 0;
        digits = 0;
      } else {
        return null;
      }
    }
    if (field != 3 || digits == 0) {
      return null;
    }
    out[3] = (byte) value;
    return out;
  }

  private static int hexValue(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    } else if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    } else if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  /** RFC 4291 text form, with at most one "::" and an optional trailing dotted IPv4. */
  static byte[] parseIPv6(String s, int end) {
    byte[] ip = new byte[16];
    int ellipsis = -1;
    int i = 0;
    int p = 0;
    if (end >= 2 && s.charAt(0) == ':' && s.charAt(1) == ':') {
      ellipsis = 0;
      p = 2;
      if (p == end) {
        return ip;
      }
    }
    while (i < 16) {
      int start = p;
      int acc = 0;
      int digits = 0;
      while (p < end) {
        int h = hexValue(s.charAt(p));
        if (h < 0) {
          break;
        }
        acc = (acc << 4) | h;
        digits++;
        p++;
        if (digits > 4) {
          return null;
        }
      }
      if (digits == 0) {
        return null;
      }
      if (p < end && s.charAt(p) == '.') {
        if ((ellipsis < 0 && i != 12) || i + 4 > 16) {
          return null;
        }
        byte[] v4 = parseIPv4(s, start, end);
        if (v4 == null) {
          return null;
        }
        System.arraycopy(v4, 0, ip, i, 4);
        i += 4;
        p = end;
        break;
      }
      ip[i] = (byte) (acc >> 8);
      ip[i + 1] = (byte) acc;
      i += 2;
      if (p == end) {
        break;
      }
      if (s.charAt(p) != ':') {
        return null;
      }
      p++;
      if (p == end) {
        return null; // trailing single colon
      }
      if (s.charAt(p) == ':') {
        if (ellipsis >= 0) {
          return null; // second "::"
        }
        ellipsis = i;
        p++;
        if (p == end) {
          break;
        }
      }
    }
    if (p != end) {
      return null; // too long
    }
    if (i < 16) {
      if (ellipsis < 0) {
        return null; // too short
      }
      int shift = 16 - i;
      for (int j = i - 1; j >= ellipsis; j--) {
        ip[j + shift] = ip[j];
      }
      for (int j = ellipsis; j < ellipsis + shift; j++) {
        ip[j] = 0;
      }
    } else if (ellipsis >= 0) {
      return null; // "::" must stand for at least one group
    }
    return ip;
  }
}
