package dev.netlab.dns.server;

import dev.netlab.common.base.LabException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;

/** Zones from master files (RFC 1035 section 5), parsed by dnsjava's {@link Master}. */
public final class ZoneFiles {
  /** The example zones in the jar, served when no {@code --zone} is given. */
  public static final List<String> EXAMPLES = List.of("lab.test", "example.test");

  /** Where the example zones lie in the jar, one {@code NAME.zone} file each. */
  private static final String EXAMPLE_DIR = "/dev/netlab/dns/zones/";

  private ZoneFiles() {}

  /**
   * A zone from a file.
   *
   * @param origin the zone's name; null takes it from the file's {@code $ORIGIN}
   * @throws LabException naming the file (and line) and what is wrong
   */
  public static ZoneData load(Path file, Name origin) {
    try {
      byte[] text = Files.readAllBytes(file);
      try {
        return parse(new java.io.ByteArrayInputStream(text), file.toString(), origin);
      } catch (LabException e) {
        throw lastLineAtMost(e, file.toString(), lines(text));
      }
    } catch (NoSuchFileException e) {
      throw LabException.usage("no zone file " + file + ": check the path given to --zone");
    } catch (IOException e) {
      throw LabException.usage("cannot read zone file " + file + ": " + e.getMessage());
    }
  }

  /** The example zones shipped in the jar. */
  public static List<ZoneData> examples() {
    List<ZoneData> zones = new ArrayList<>();
    for (String name : EXAMPLES) {
      String resource = EXAMPLE_DIR + name + ".zone";
      try (InputStream in = ZoneFiles.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException("the jar lacks " + resource);
        }
        zones.add(parse(in, resource, null));
      } catch (IOException e) {
        throw new IllegalStateException("cannot read " + resource, e);
      }
    }
    return zones;
  }

  /**
   * Parses a master file. Without an origin the file must set one with {@code $ORIGIN} before its
   * first record; the zone's origin is the owner of its SOA record.
   */
  static ZoneData parse(InputStream in, String source, Name origin) throws IOException {
    List<Record> records = new ArrayList<>();
    try (Master master = new Master(in, origin)) {
      Record r;
      while ((r = master.nextRecord()) != null) {
        records.add(r);
      }
    } catch (TextParseException e) {
      throw LabException.usage("zone file " + where(source, e.getMessage()) + fix(e.getMessage()));
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw LabException.usage("zone file " + source + ": " + e.getMessage() + fix(e.getMessage()));
    }
    if (records.isEmpty()) {
      throw LabException.usage(
          "zone file " + source + " holds no records: it needs at least an SOA");
    }
    Name zone = origin;
    if (zone == null) {
      zone =
          records.stream()
              .filter(r -> r.getType() == org.xbill.DNS.Type.SOA)
              .map(Record::getName)
              .findFirst()
              .orElseThrow(
                  () ->
                      LabException.usage(
                          "zone file "
                              + source
                              + " has no SOA record: every zone starts with one"));
    }
    try {
      return ZoneData.of(zone, records);
    } catch (IllegalArgumentException e) {
      throw LabException.usage(source + ": " + e.getMessage());
    }
  }

  /** Lines in {@code text}, the last one counted without its newline too. */
  private static int lines(byte[] text) {
    int n = 0;
    for (byte b : text) {
      n += b == '\n' ? 1 : 0;
    }
    return text.length > 0 && text[text.length - 1] != '\n' ? n + 1 : n;
  }

  /**
   * dnsjava reports an error found at the end of the last line on the line after it (it has read
   * the newline): "file:2:" for a one-line file. Puts it back on the last line.
   */
  private static LabException lastLineAtMost(LabException e, String source, int lines) {
    String at = "zone file " + source + ":";
    String m = e.getMessage();
    if (lines < 1 || m == null || !m.startsWith(at)) {
      return e;
    }
    String rest = m.substring(at.length());
    int colon = rest.indexOf(':');
    if (colon < 1 || !rest.substring(0, colon).chars().allMatch(Character::isDigit)) {
      return e;
    }
    int line = Integer.parseInt(rest.substring(0, colon));
    return line <= lines ? e : new LabException(e.exitCode(), at + lines + rest.substring(colon));
  }

  /** The fix for the parse errors a user hits first; empty for the others. */
  private static String fix(String message) {
    String m = String.valueOf(message);
    if (m.endsWith("missing TTL")) {
      return ": add a $TTL line or a TTL on each record";
    }
    if (m.contains("is not an absolute name")) {
      return ": set $ORIGIN in the file or give --origin";
    }
    return "";
  }

  /** dnsjava says "&lt;none&gt;:12: msg" for a stream: put the file's name in. */
  public static String where(String source, String message) {
    String m = String.valueOf(message);
    String stream = "<none>:";
    return m.startsWith(stream) ? source + ":" + m.substring(stream.length()) : source + ": " + m;
  }
}
