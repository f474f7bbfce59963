package dev.netlab.dns.server;

import dev.netlab.common.base.Console;
import dev.netlab.common.base.LabException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.xbill.DNS.Name;

/**
 * Reloads zone files that changed (DNS-1: the same name answers a new address after an edit). A
 * file that no longer parses keeps its old zone serving, and the error names the file and line; a
 * zone that changed says its old and new SOA serial. Not thread-safe: one poller calls it.
 */
public final class ZoneReloader {
  private final List<Path> files;
  private final Name origin;
  private final Console console;
  private final Consumer<Zones> publish;
  private final List<ZoneData> current;
  private final Map<Path, String> stamps = new HashMap<>();

  /**
   * @param files the zone files, in the order {@code initial} holds their zones
   * @param origin the {@code --origin}, or null
   * @param initial the zones as first loaded from {@code files}
   * @param publish takes the zones to serve from now on
   */
  public ZoneReloader(
      List<Path> files,
      Name origin,
      List<ZoneData> initial,
      Console console,
      Consumer<Zones> publish) {
    if (files.size() != initial.size()) {
      throw new IllegalArgumentException(
          "expected one zone per file: " + files.size() + " files, " + initial.size() + " zones");
    }
    this.files = List.copyOf(files);
    this.origin = origin;
    this.console = Objects.requireNonNull(console, "console");
    this.publish = Objects.requireNonNull(publish, "publish");
    this.current = new ArrayList<>(initial);
    for (Path f : files) {
      stamps.put(f, stamp(f));
    }
  }

  /** Reloads the files whose modification time or size changed; returns how many zones changed. */
  public int reloadChanged() {
    int changed = 0;
    for (int i = 0; i < files.size(); i++) {
      Path f = files.get(i);
      String stamp = stamp(f);
      if (!stamp.equals(stamps.get(f))) {
        stamps.put(f, stamp);
        changed += reload(i) ? 1 : 0;
      }
    }
    if (changed > 0) {
      publish.accept(new Zones(current));
    }
    return changed;
  }

  /** Reloads every file whatever its time stamp (SIGHUP's meaning in other servers). */
  public int reloadAll() {
    int changed = 0;
    for (int i = 0; i < files.size(); i++) {
      stamps.put(files.get(i), stamp(files.get(i)));
      changed += reload(i) ? 1 : 0;
    }
    if (changed > 0) {
      publish.accept(new Zones(current));
    }
    return changed;
  }

  /** Whether the zone of file {@code i} was replaced. */
  private boolean reload(int i) {
    Path f = files.get(i);
    ZoneData old = current.get(i);
    ZoneData fresh;
    try {
      fresh = ZoneFiles.load(f, origin);
    } catch (LabException e) {
      console.note(
          "%s; still serving zone %s serial %d from before the edit",
          e.getMessage(), old.origin(), old.serial());
      return false;
    }
    if (!fresh.origin().equals(old.origin())) {
      console.note(
          "zone file %s now holds zone %s, not %s: still serving %s serial %d",
          f, fresh.origin(), old.origin(), old.origin(), old.serial());
      return false;
    }
    current.set(i, fresh);
    if (fresh.serial() == old.serial()) {
      console.say(
          "zone %s reloaded from %s: serial still %d (secondaries only notice a higher serial)",
          fresh.origin(), f, fresh.serial());
    } else {
      console.say(
          "zone %s reloaded from %s: serial %d -> %d, %d records",
          fresh.origin(), f, old.serial(), fresh.serial(), fresh.recordCount());
    }
    return true;
  }

  /** What tells an edited file: its modification time and size. */
  private static String stamp(Path f) {
    try {
      return Files.getLastModifiedTime(f) + "/" + Files.size(f);
    } catch (IOException e) {
      return "missing";
    }
  }
}
