package dev.netlab.grade.udpping;

import dev.netlab.common.cli.LabRun;
import dev.netlab.common.impair.Impairment;
import dev.netlab.common.impair.ImpairmentRelay;
import dev.netlab.common.transport.Transport;
import dev.netlab.grade.Messages;
import dev.netlab.grade.engine.CaseContext;
import dev.netlab.grade.engine.CaseFailure;
import dev.netlab.grade.engine.ExerciseSuite;
import dev.netlab.grade.engine.Outcome;
import dev.netlab.grade.engine.StudentRun;
import dev.netlab.udp.UdpMetrics;
import dev.netlab.udp.ping.UdpEchoServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The cases of {@code udp-pinger}: the student's program pings netlab's UDP echo server ({@code lab
 * udp echo}) through the impairment relay ({@code lab udp relay}) at LAB_HOST:LAB_PORT. Each
 * scenario (no loss; the student's seeded loss) is one run of the pinger, shared by the cases that
 * check it; the truth is what the relay really delivered ({@link RelayTap}).
 */
public final class UdpPingerSuite implements ExerciseSuite {
  /**
   * A reply the relay delivered this late (as a share of the timeout) may be reported either way.
   */
  static final double LATE_SHARE = 0.8;

  /** Time a pinger gets beyond count x timeout to start, print and exit. */
  static final Duration SLACK = Duration.ofSeconds(5);

  /** Relative and absolute slack when comparing a printed rtt summary with the printed lines. */
  static final double RTT_RELATIVE = 0.02;

  static final double RTT_ABSOLUTE_MS = 0.05;

  /** One run of the pinger against the relay, and what the relay saw. */
  record Scenario(
      String name,
      int count,
      int lossPercent,
      long relaySeed,
      Duration timeout,
      StudentRun run,
      RelayTap tap,
      PingOutput output) {}

  private final Map<String, Scenario> scenarios = new HashMap<>();

  @Override
  public Map<String, Check> checks() {
    return Map.of(
        "udp_ping_sends_10_numbered_pings", this::numberedPings,
        "udp_ping_no_loss_10_replies_reported", this::cleanReplies,
        "udp_ping_no_loss_rtt_summary_matches_lines", this::rttSummary,
        "udp_ping_seeded_loss_lines_match_relay", this::lossyLines,
        "udp_ping_seeded_loss_summary_matches_relay", this::lossySummary);
  }

  /** The pinger sends LAB_COUNT datagrams, {@code PING 1 ...} to {@code PING N ...}, in order. */
  String numberedPings(CaseContext ctx) throws Exception {
    Scenario s = scenario(ctx, "no_loss");
    List<RelayTap.Ping> pings = s.tap().pings();
    List<String> seen = new ArrayList<>();
    for (RelayTap.Ping p : pings) {
      seen.add(p.payload().length() > 24 ? p.payload().substring(0, 24) + "..." : p.payload());
    }
    if (pings.size() != s.count()) {
      throw new CaseFailure(Messages.get("ping.count_wrong", s.count(), pings.size(), show(seen)));
    }
    for (int i = 0; i < pings.size(); i++) {
      var seq = PingOutput.payloadSeq(pings.get(i).payload());
      if (seq.isEmpty() || seq.get() != i + 1) {
        throw new CaseFailure(
            Messages.get("ping.payload_wrong", i + 1, i + 1, PingOutput.quote(seen.get(i))));
      }
    }
    return Messages.get("ping.numbered_ok", s.count());
  }

  /** Without loss, every ping's line reports a reply with a plausible rtt, and the summary 0%. */
  String cleanReplies(CaseContext ctx) throws Exception {
    Scenario s = scenario(ctx, "no_loss");
    for (int seq = 1; seq <= s.count(); seq++) {
      if (!s.output().lines().containsKey(seq)) {
        throw new CaseFailure(Messages.get("ping.line_missing", seq, "seq=" + seq + " rtt=X ms"));
      }
      Double rtt = s.output().lines().get(seq);
      if (rtt == null) {
        throw new CaseFailure(Messages.get("ping.clean_timeout", seq));
      }
      if (rtt <= 0 || rtt > s.timeout().toMillis()) {
        throw new CaseFailure(
            Messages.get("ping.rtt_implausible", seq, rtt, s.timeout().toMillis()));
      }
    }
    var sum = summary(s);
    if (sum.transmitted() != s.count() || sum.received() != s.count() || sum.lossPercent() != 0) {
      throw new CaseFailure(
          Messages.get(
              "ping.summary_wrong",
              summaryLine(s.count(), s.count()),
              summaryLine(sum.transmitted(), sum.received(), sum.lossPercent()),
              Messages.get("ping.truth_no_loss")));
    }
    return Messages.get("ping.clean_ok", s.count());
  }

  /** The rtt min/avg/max line agrees with the rtts of the ping lines. */
  String rttSummary(CaseContext ctx) throws Exception {
    Scenario s = scenario(ctx, "no_loss");
    double[] printed =
        s.output().rtt().orElseThrow(() -> new CaseFailure(Messages.get("ping.rtt_missing")));
    List<Double> rtts = s.output().lines().values().stream().filter(v -> v != null).toList();
    if (rtts.isEmpty()) {
      throw new CaseFailure(Messages.get("ping.rtt_no_lines"));
    }
    double min = rtts.stream().mapToDouble(d -> d).min().orElseThrow();
    double max = rtts.stream().mapToDouble(d -> d).max().orElseThrow();
    double avg = rtts.stream().mapToDouble(d -> d).average().orElseThrow();
    double[] want = {min, avg, max};
    String[] names = {"min", "avg", "max"};
    for (int i = 0; i < 3; i++) {
      if (Math.abs(printed[i] - want[i]) > Math.max(RTT_ABSOLUTE_MS, RTT_RELATIVE * want[i])) {
        throw new CaseFailure(
            Messages.get(
                "ping.rtt_wrong",
                names[i],
                String.format(java.util.Locale.ROOT, "%.3f", want[i]),
                rtts.size(),
                printed[i]));
      }
    }
    return Messages.get("ping.rtt_ok", min, avg, max);
  }

  /** At the student's seeded loss, each line says reply or timeout as the relay really did. */
  String lossyLines(CaseContext ctx) throws Exception {
    Scenario s = scenario(ctx, "seeded_loss");
    Map<Integer, Long> delivered = s.tap().delivered();
    long late = (long) (s.timeout().toNanos() * LATE_SHARE);
    for (int seq = 1; seq <= s.count(); seq++) {
      Long delay = delivered.get(seq);
      boolean replied = delay != null;
      if (!s.output().lines().containsKey(seq)) {
        throw new CaseFailure(
            Messages.get(
                "ping.line_missing",
                seq,
                replied ? "seq=" + seq + " rtt=X ms" : "seq=" + seq + " timeout"));
      }
      boolean saysReply = s.output().lines().get(seq) != null;
      if (saysReply != replied && !(replied && delay > late)) {
        throw new CaseFailure(
            replied
                ? Messages.get("ping.missed_reply", seq, describe(s))
                : Messages.get("ping.invented_reply", seq, describe(s)));
      }
    }
    return Messages.get("ping.lossy_lines_ok", s.count(), s.lossPercent(), delivered.size());
  }

  /** At the student's seeded loss, the summary counts only the replies that really came. */
  String lossySummary(CaseContext ctx) throws Exception {
    Scenario s = scenario(ctx, "seeded_loss");
    var sum = summary(s);
    int received = s.tap().delivered().size();
    double loss = 100.0 * (s.count() - received) / s.count();
    if (sum.transmitted() != s.count()
        || sum.received() != received
        || Math.abs(sum.lossPercent() - loss) > 1.0) {
      throw new CaseFailure(
          Messages.get(
              "ping.summary_wrong",
              summaryLine(s.count(), received),
              summaryLine(sum.transmitted(), sum.received(), sum.lossPercent()),
              describe(s)));
    }
    return Messages.get("ping.lossy_summary_ok", received, s.count());
  }

  private static PingOutput.Summary summary(Scenario s) throws CaseFailure {
    return s.output()
        .summary()
        .orElseThrow(
            () ->
                new CaseFailure(
                    Messages.get("ping.summary_missing", summaryLine(s.count(), s.count()))));
  }

  private static String summaryLine(int transmitted, int received) {
    return summaryLine(transmitted, received, 100.0 * (transmitted - received) / transmitted);
  }

  private static String summaryLine(int transmitted, int received, double loss) {
    return String.format(
        java.util.Locale.ROOT,
        "%d packets transmitted, %d received, %s%% packet loss",
        transmitted,
        received,
        loss == Math.rint(loss) ? String.valueOf((long) loss) : String.format("%.1f", loss));
  }

  /** What the relay did, for a message: which replies it delivered. */
  private static String describe(Scenario s) {
    TreeSet<Integer> lost = new TreeSet<>();
    for (int seq = 1; seq <= s.count(); seq++) {
      if (!s.tap().delivered().containsKey(seq)) {
        lost.add(seq);
      }
    }
    return Messages.get(
        "ping.truth", s.lossPercent(), s.relaySeed(), lost.isEmpty() ? "none" : lost.toString());
  }

  private static String show(List<String> seen) {
    List<String> quoted = seen.stream().limit(12).map(PingOutput::quote).toList();
    return quoted + (seen.size() > 12 ? " ..." : "");
  }

  /** Runs (once per grading run) the pinger in scenario {@code name}. */
  private Scenario scenario(CaseContext ctx, String name) throws Exception {
    Scenario s;
    synchronized (scenarios) {
      s = scenarios.get(name);
    }
    if (s == null) {
      s = runScenario(ctx, name);
      synchronized (scenarios) {
        scenarios.put(name, s);
      }
    }
    ctx.addOutput(s.run().output());
    if (s.run().startFailure() != null) {
      throw new CaseFailure(Outcome.ERROR, s.run().startFailure());
    }
    if (s.run().timedOut()) {
      throw new CaseFailure(
          Outcome.TIMED_OUT,
          Messages.get(
              "ping.hung",
              s.count(),
              s.timeout().toMillis(),
              limit(s.count(), s.timeout()).toSeconds()));
    }
    return s;
  }

  private Scenario runScenario(CaseContext ctx, String name) throws Exception {
    var ex = ctx.exercise();
    boolean lossy = name.equals("seeded_loss");
    int count = ex.intParam(lossy ? "count_seeded_loss" : "count_no_loss", lossy ? 20 : 10);
    Duration timeout = Duration.ofMillis(ex.intParam("timeout_ms", 500));
    int loss =
        lossy
            ? ctx.seed()
                .pick("loss", ex.intParam("loss_min_pct", 20), ex.intParam("loss_max_pct", 35))
            : 0;
    long relaySeed = ctx.seed().seed("relay-" + name);
    InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    ctx.doing(Messages.get("ping.doing", name, count));
    try (LabRun lab = LabRun.quiet(Transport.best())) {
      UdpEchoServer echo = new UdpEchoServer(any, lab, new UdpMetrics(lab.metrics().registry()));
      echo.start();
      try {
        RelayTap tap = new RelayTap(echo.localAddress());
        Impairment imp = Impairment.NONE.withLoss(loss, 1);
        ImpairmentRelay relay =
            new ImpairmentRelay(any, echo.localAddress(), lab.transport(), imp, imp, relaySeed)
                .withPipeline(p -> p.addFirst("grade-tap", tap.handler()));
        relay.start();
        try {
          Map<String, String> env = new LinkedHashMap<>();
          env.put("LAB_HOST", relay.localAddress().getAddress().getHostAddress());
          env.put("LAB_PORT", String.valueOf(relay.localAddress().getPort()));
          env.put("LAB_ECHO_PORT", String.valueOf(echo.localAddress().getPort()));
          env.put("LAB_COUNT", String.valueOf(count));
          env.put("LAB_TIMEOUT_MS", String.valueOf(timeout.toMillis()));
          StudentRun run = ctx.runStudent(env, limit(count, timeout));
          return new Scenario(
              name, count, loss, relaySeed, timeout, run, tap, PingOutput.parse(run.output()));
        } finally {
          relay.close();
        }
      } finally {
        echo.close();
      }
    }
  }

  static Duration limit(int count, Duration timeout) {
    return timeout.multipliedBy(count).plus(SLACK);
  }
}
