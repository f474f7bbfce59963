package dev.netlab.app;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.netlab.common.base.Console;
import dev.netlab.common.base.LabException;
import dev.netlab.common.cli.LabCommand;
import dev.netlab.common.cli.LabRun;
import dev.netlab.common.tour.TourCheck;
import dev.netlab.common.tour.TourContext;
import dev.netlab.common.tour.TourPart;
import dev.netlab.dns.DnsTour;
import dev.netlab.ports.PortsTour;
import dev.netlab.tcp.TcpTour;
import dev.netlab.udp.UdpTour;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lab tour}: every lab end to end on loopback, narrated claim by claim. */
@Command(
    name = "tour",
    description =
        "Runs every lab pair end to end on loopback and narrates each curriculum claim with what was observed. Kernel captures and loss need root; without it those steps say how to enable them and are marked skipped.",
    mixinStandardHelpOptions = true,
    footer = {"", "Examples:", "  lab tour", "  sudo lab tour --report /tmp/tour"})
public final class TourCommand extends LabCommand {
  /** The labs' parts, in curriculum order. */
  static List<TourPart> parts() {
    return List.of(new TcpTour(), new UdpTour(), new PortsTour(), new DnsTour());
  }

  @Option(
      names = "--report",
      paramLabel = "DIR",
      description = "Write report.md, tour.json and the kernel captures into DIR.")
  Path reportDir;

  @Override
  protected int run(LabRun run) throws InterruptedException {
    if (reportDir != null) {
      try {
        Files.createDirectories(reportDir);
      } catch (IOException e) {
        throw LabException.usage(
            "cannot create report directory "
                + reportDir
                + " ("
                + e.getMessage()
                + "): choose a writable path");
      }
    }
    Console c = run.console();
    c.say(
        "netlab tour: each line tagged [ID] shows one claim of the course notes happening"
            + " on this machine, over real sockets on loopback.");
    List<TourCheck> checks = new ArrayList<>();
    for (TourPart part : parts()) {
      checks.addAll(part.run(new TourContext(run, reportDir)));
    }
    c.say("");
    c.say("== summary ==");
    for (TourCheck check : checks) {
      c.say(
          "  %-7s %-6s %s",
          check.status().name().toLowerCase(Locale.ROOT), check.claim(), check.evidence());
    }
    long failed = checks.stream().filter(k -> k.status() == TourCheck.Status.FAILED).count();
    long skipped = checks.stream().filter(k -> k.status() == TourCheck.Status.SKIPPED).count();
    c.say("%d shown, %d failed, %d skipped", checks.size() - failed - skipped, failed, skipped);
    List<Map<String, Object>> json = new ArrayList<>();
    for (TourCheck k : checks) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("claim", k.claim());
      m.put("status", k.status().name().toLowerCase(Locale.ROOT));
      m.put("evidence", k.evidence());
      m.put("capture", k.capture());
      m.put("frames", k.frames());
      json.add(m);
    }
    run.put("checks", json)
        .put("shown", checks.size() - failed - skipped)
        .put("failed", failed)
        .put("skipped", skipped);
    if (reportDir != null) {
      writeReport(checks, json);
      c.say("report written to %s", reportDir);
    }
    return failed == 0 ? 0 : 1;
  }

  private void writeReport(List<TourCheck> checks, List<Map<String, Object>> json) {
    StringBuilder md =
        new StringBuilder(
            "# netlab tour report\n\n| status | claim | evidence | capture |\n"
                + "|---|---|---|---|\n");
    for (TourCheck k : checks) {
      md.append("| ")
          .append(k.status().name().toLowerCase(Locale.ROOT))
          .append(" | ")
          .append(k.claim())
          .append(" | ")
          .append(k.evidence().replace("|", "\\|"))
          .append(" | ")
          .append(k.capture() == null ? "" : "`" + k.capture() + "` " + k.framesText())
          .append(" |\n");
    }
    md.append(
        "\nKernel captures in this directory open in Wireshark (`*.pcap`); the frame numbers"
            + " are Wireshark's 'No.' column. Frame 1 of each is the lab's start marker, a"
            + " datagram to a closed loopback port sent until the capture showed it was live.\n");
    try {
      Files.writeString(reportDir.resolve("report.md"), md);
      Files.writeString(reportDir.resolve("tour.json"), JSON.std.asString(Map.of("checks", json)));
    } catch (IOException e) {
      throw LabException.runtime("cannot write the report: " + e.getMessage());
    }
  }
}
