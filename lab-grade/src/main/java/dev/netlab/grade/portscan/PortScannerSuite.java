package dev.netlab.grade.portscan;

import dev.netlab.common.impair.NftablesRule;
import dev.netlab.grade.Messages;
import dev.netlab.grade.engine.CaseContext;
import dev.netlab.grade.engine.CaseFailure;
import dev.netlab.grade.engine.ExerciseSuite;
import dev.netlab.grade.engine.Outcome;
import dev.netlab.grade.engine.StudentRun;
import dev.netlab.ports.host.Service;
import dev.netlab.ports.scan.PortResult;
import dev.netlab.ports.scan.PortScanner;
import dev.netlab.ports.scan.ScanProgress;
import dev.netlab.ports.scan.ScanSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The cases of {@code port-scanner}: the student's program scans LAB_HOST's ports LAB_PORTS (TCP
 * connect) and prints each port's state; the truth is lab-ports' own scanner ({@code lab ports
 * scan}) over the same ports, run before and after the student's, so a port something else on the
 * machine opened or closed meanwhile is left out rather than blamed on the student.
 */
public final class PortScannerSuite implements ExerciseSuite {
  /** Probes lab-ports' scanner keeps in flight while it establishes the truth. */
  static final int TRUTH_CONCURRENCY = 64;

  /** Time a scanner gets beyond its case's limit to start and print (Python starts in ~50 ms). */
  static final Duration SLACK = Duration.ofSeconds(5);

  /** Mismatches a failure message lists; the count says how many there were. */
  static final int SHOWN = 5;

  /** Services the open ports come from; each student gets a seeded subset. */
  private static final List<Service> SERVICES = List.of(Service.values());

  private final Supplier<String> whyNoNftables;

  /** The suite as graders run it: the filtered case needs nftables (root or CAP_NET_ADMIN). */
  public PortScannerSuite() {
    this(() -> NftablesRule.permitted() ? null : NftablesRule.whyNotPermitted());
  }

  /**
   * @param whyNoNftables why this machine cannot drop SYNs with nftables, or null when it can (the
   *     tests use it to see the filtered case on a machine that lacks nftables, even as root)
   */
  public PortScannerSuite(Supplier<String> whyNoNftables) {
    this.whyNoNftables = whyNoNftables;
  }

  @Override
  public Map<String, Check> checks() {
    return Map.of(
        "port_scan_tcp_open_closed_50ports", this::openClosed,
        "port_scan_tcp_filtered_drop", this::filtered,
        "port_scan_finishes_within_10s_for_1000ports", this::fast);
  }

  /** Open ports (lab-ports' host) among closed ones: every state as lab-ports' scanner sees it. */
  String openClosed(CaseContext ctx) throws Exception {
    int total = ctx.spec().intParam("ports", 50);
    try (ScanTarget t = new ScanTarget()) {
      t.serve(services(ctx, ctx.exercise().intParam("open_services", 3)));
      t.closedBlock(total - t.ports().size());
      return agree(t, run(ctx, t, timeout(ctx)), t.ports());
    }
  }

  /** One port behind a firewall that drops SYNs: no answer within LAB_TIMEOUT_MS is filtered. */
  String filtered(CaseContext ctx) throws Exception {
    String why = whyNoNftables.get();
    if (why != null) {
      throw new CaseFailure(Outcome.UNAVAILABLE, Messages.get("scan.no_nftables", why));
    }
    int total = ctx.exercise().intParam("filtered_case_ports", 20);
    try (ScanTarget t = new ScanTarget()) {
      t.serve(services(ctx, 1));
      List<Integer> block = t.closedBlock(total - 1);
      t.drop(block.get(ctx.seed().pick("dropped", 0, block.size() - 1)));
      // only the dropped port counts here: closed and open ports are the case above
      return agree(t, run(ctx, t, timeout(ctx)), t.dropped());
    }
  }

  /**
   * Many ports, some silent, within a time only a scanner that probes many ports at once makes: a
   * scanner that waits out each silent port in turn needs silent x LAB_TIMEOUT_MS.
   */
  String fast(CaseContext ctx) throws Exception {
    int total = ctx.spec().intParam("ports", 1000);
    int silent = ctx.exercise().intParam("silent_ports", 12);
    Duration within = Duration.ofSeconds(ctx.spec().intParam("s", 10));
    try (ScanTarget t = new ScanTarget()) {
      t.serve(services(ctx, 2));
      for (int i = 0; i < silent; i++) {
        t.addSilent();
      }
      t.closedBlock(total - t.ports().size());
      long t0 = System.nanoTime();
      StudentRun r = runStudent(ctx, t, within);
      Duration took = Duration.ofNanos(System.nanoTime() - t0);
      if (r.timedOut()) {
        throw new CaseFailure(
            Messages.get(
                "scan.too_slow",
                t.ports().size(),
                within.toSeconds(),
                ScanOutput.parse(r.output()).states().size(),
                silent,
                timeout(ctx).toMillis()));
      }
      ScanOutput out = complete(r, t);
      return Messages.get("scan.fast_ok", out.states().size(), took.toMillis());
    }
  }

  /** The services a student's host serves: a seeded subset of {@code n}. */
  private static Set<Service> services(CaseContext ctx, int n) {
    List<Service> pool = new ArrayList<>(SERVICES);
    Set<Service> chosen = EnumSet.noneOf(Service.class);
    for (int i = 0; i < n && !pool.isEmpty(); i++) {
      chosen.add(pool.remove(ctx.seed().pick("service-" + i, 0, pool.size() - 1)));
    }
    return chosen;
  }

  private static Duration timeout(CaseContext ctx) {
    return Duration.ofMillis(ctx.exercise().intParam("timeout_ms", 1000));
  }

  /** The truth before, the student's scan, the truth after. */
  private record Scan(
      Map<Integer, PortResult> before, ScanOutput student, Map<Integer, PortResult> after) {}

  private Scan run(CaseContext ctx, ScanTarget t, Duration timeout) throws Exception {
    Map<Integer, PortResult> before = truth(t, timeout);
    StudentRun r = runStudent(ctx, t, limit(t, timeout));
    if (r.timedOut()) {
      throw new CaseFailure(
          Outcome.TIMED_OUT,
          Messages.get("scan.hung", t.ports().size(), limit(t, timeout).toSeconds()));
    }
    ScanOutput out = complete(r, t);
    return new Scan(before, out, truth(t, timeout));
  }

  /** Time for a scan that probes one port after another at worst: enough for any correct one. */
  private static Duration limit(ScanTarget t, Duration timeout) {
    int slow = t.dropped().size() + t.silent().size();
    return timeout.multipliedBy(slow + 1L).plus(SLACK);
  }

  private StudentRun runStudent(CaseContext ctx, ScanTarget t, Duration limit) throws Exception {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("LAB_HOST", t.host().getHostAddress());
    env.put("LAB_PORTS", ScanOutput.portList(t.ports()));
    env.put("LAB_TIMEOUT_MS", String.valueOf(timeout(ctx).toMillis()));
    ctx.doing(Messages.get("scan.doing", t.ports().size()));
    StudentRun r = ctx.runStudent(env, limit);
    ctx.addOutput(r.output());
    if (r.startFailure() != null) {
      throw new CaseFailure(Outcome.ERROR, r.startFailure());
    }
    return r;
  }

  /** The output names every port asked about once, and no other; the scanner exited with 0. */
  private static ScanOutput complete(StudentRun r, ScanTarget t) throws CaseFailure {
    ScanOutput out = ScanOutput.parse(r.output());
    if (r.exitCode().isPresent() && r.exitCode().get() != 0) {
      throw new CaseFailure(Messages.get("scan.exit", r.exitCode().get()));
    }
    List<Integer> missing = t.ports().stream().filter(p -> !out.states().containsKey(p)).toList();
    if (!missing.isEmpty()) {
      throw new CaseFailure(
          Messages.get(
              "scan.missing",
              missing.size(),
              t.ports().size(),
              ScanOutput.portList(missing.subList(0, Math.min(SHOWN, missing.size())))));
    }
    List<Integer> extra =
        out.states().keySet().stream().filter(p -> !t.ports().contains(p)).toList();
    if (!extra.isEmpty() || !out.twice().isEmpty()) {
      throw new CaseFailure(
          Messages.get("scan.extra", extra.isEmpty() ? out.twice().get(0) : extra.get(0)));
    }
    return out;
  }

  /**
   * Each of {@code judged} whose truth held before and after has the student's state equal to it.
   */
  private static String agree(ScanTarget t, Scan s, Set<Integer> judged) throws CaseFailure {
    Map<Integer, String> wrong = new TreeMap<>();
    int compared = 0;
    for (int port : judged) {
      PortResult was = s.before().get(port);
      PortResult now = s.after().get(port);
      if (was == null || now == null || was.state() != now.state()) {
        continue; // something else on this machine changed the port during the scan
      }
      compared++;
      String got = s.student().states().get(port);
      if (!was.state().label().equals(got)) {
        wrong.put(
            port,
            Messages.get("scan.port_wrong", port, was.state().label(), was.reason().label(), got));
      }
    }
    if (!wrong.isEmpty()) {
      List<String> shown = wrong.values().stream().limit(SHOWN).toList();
      throw new CaseFailure(
          Messages.get(
              "scan.disagree", wrong.size(), compared, String.join("; ", shown), why(t, wrong)));
    }
    Map<String, Long> counts = new TreeMap<>();
    judged.forEach(p -> counts.merge(s.before().get(p).state().label(), 1L, Long::sum));
    return Messages.get("scan.agree_ok", compared, counts);
  }

  /** What the ports that differ were set up as, so the message names the likely mistake. */
  private static String why(ScanTarget t, Map<Integer, String> wrong) {
    boolean filteredOnly = t.dropped().containsAll(wrong.keySet());
    return filteredOnly ? Messages.get("scan.hint_filtered") : Messages.get("scan.hint_closed");
  }

  private static Map<Integer, PortResult> truth(ScanTarget t, Duration timeout) throws Exception {
    int[] ports = t.ports().stream().mapToInt(Integer::intValue).toArray();
    Map<Integer, PortResult> out = new TreeMap<>();
    for (PortResult r :
        new PortScanner(t.host(), new ScanSettings(TRUTH_CONCURRENCY, 0, timeout, 0))
            .scanTcp(ports, ScanProgress.NONE)) {
      out.put(r.port(), r);
    }
    return out;
  }
}
