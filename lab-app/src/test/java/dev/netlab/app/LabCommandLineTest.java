package dev.netlab.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.netlab.common.cli.LabCli;
import dev.netlab.common.cli.LabRun;
import dev.netlab.common.impair.NftablesRule;
import dev.netlab.common.testing.PrivilegedCondition;
import dev.netlab.common.transport.Transport;
import dev.netlab.udp.UdpMetrics;
import dev.netlab.udp.probe.ProbeServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The command contract: what users type, what they see, which exit code. */
@Timeout(60)
class LabCommandLineTest {
  record Result(int code, String out, String err) {}

  static Result lab(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cl = LabCli.commandLine(new Lab());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return new Result(cl.execute(args), out.toString(), err.toString());
  }

  @Test
  void helpListsTheLabs() {
    Result r = lab("--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("tour").contains("tcp");
    assertThat(lab("tcp", "--help").out())
        .contains("server", "client", "sink", "send", "handshake", "connect");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "tcp server --port 70000 | port 70000 is out of range",
        "tcp server --port -5 | port -5 is out of range",
        "tcp server --bind no-such-host.invalid | unknown host 'no-such-host.invalid'",
        "tcp client --port 99999 | port 99999 is out of range",
        "tcp send --bytes lots | 'lots' is not a size",
        "tcp connect 127.0.0.1 | Missing required parameter: 'PORT'",
        "tcp connect 127.0.0.1 0 | cannot connect to port 0",
        "tcp server --transport carrier-pigeon | unknown transport 'carrier-pigeon'",
        "tcp handshake 127.0.0.1 | give both HOST and PORT",
        "tcp nonsense | Unmatched argument"
      })
  void badInputIsOneLineNamingTheCauseWithExitTwo(String args, String cause) {
    Result r = lab(args.trim().split(" "));
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.err()).contains(cause).doesNotContain("\tat ");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void portInUseIsARuntimeErrorWithTheFix() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Result r =
          lab("tcp", "server", "--port", String.valueOf(taken.getLocalPort()), "--time", "1s");
      assertThat(r.code()).isEqualTo(1);
      assertThat(r.err()).contains("is already in use").contains("--port");
      assertThat(r.err().lines()).hasSize(1);
      if (dev.netlab.common.net.ProcNet.available()) {
        // this test's own JVM holds it
        assertThat(r.err()).contains("in use by pid " + ProcessHandle.current().pid() + " (");
      }
    }
  }

  @Test
  void aUdpPortInUseNamesItsProcessToo() throws Exception {
    try (java.net.DatagramSocket taken =
        new java.net.DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      Result r = lab("udp", "echo", "--port", String.valueOf(taken.getLocalPort()), "--time", "1s");
      assertThat(r.code()).isEqualTo(1);
      assertThat(r.err()).contains("is already in use");
      if (dev.netlab.common.net.ProcNet.available()) {
        assertThat(r.err()).contains("by pid " + ProcessHandle.current().pid() + " (");
      }
    }
  }

  @Test
  void omittedWarmUpNeverReachesTheServer() throws Exception {
    List<Object> reports = new java.util.concurrent.CopyOnWriteArrayList<>();
    LabRun serverRun = LabRun.quiet(Transport.best());
    try (ProbeServer server =
        new ProbeServer(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            serverRun,
            new UdpMetrics(serverRun.metrics().registry()),
            ProbeServer.DEFAULT_PLAYOUT,
            (from, report) -> reports.add(report))) {
      server.start();
      Result r =
          lab(
              "udp",
              "client",
              "--port",
              String.valueOf(server.localAddress().getPort()),
              "--count",
              "300",
              "--rate",
              "20000",
              "--omit",
              "300ms",
              "--json");
      assertThat(r.code()).as(r.err()).isZero();
      Map<String, Object> client = JSON.std.mapFrom(r.out());
      @SuppressWarnings("unchecked")
      Map<String, Object> receiver =
          (Map<String, Object>) ((Map<String, Object>) client.get("client")).get("receiver");
      assertThat(((Number) receiver.get("sent")).longValue()).isEqualTo(300);
      assertThat(
              ((Number) receiver.get("received")).longValue()
                  + ((Number) receiver.get("lost")).longValue())
          .isEqualTo(300);
      assertThat(reports).hasSize(1); // one sender: the warm-up went elsewhere
    }
  }

  @Test
  void refusedConnectIsExitOneWithJsonOutcome() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Result r = lab("tcp", "connect", "127.0.0.1", String.valueOf(port), "--no-capture", "--json");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out().lines()).hasSize(1);
    Map<String, Object> json = JSON.std.mapFrom(r.out());
    assertThat(json.get("connect").toString()).contains("outcome=refused");
  }

  /**
   * A port below 1024 without privilege: as root, the lab runs in a new user namespace, where it
   * has no capability over the host's network, exactly like an ordinary user.
   */
  @Test
  void wellKnownPortWithoutPrivilegeExplainsHowToGrantIt() throws Exception {
    List<String> cmd = new ArrayList<>();
    if (NftablesRule.isRoot()) {
      boolean unshare = Path.of("/usr/bin/unshare").toFile().canExecute();
      if (!unshare && PrivilegedCondition.inCi()) {
        throw new AssertionError("CI=true but unshare (util-linux) is missing");
      }
      assumeTrue(unshare, "unshare is needed to drop privilege as root");
      cmd.addAll(List.of("/usr/bin/unshare", "--user"));
    }
    cmd.addAll(
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            Lab.class.getName(),
            "tcp",
            "server",
            "--port",
            "80",
            "--time",
            "1s"));
    Process p = new ProcessBuilder(cmd).start();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(err).isEqualTo(1);
    assertThat(err.strip().lines()).hasSize(1);
    assertThat(err).contains("ports below 1024").contains("cap_net_bind_service");
  }

  /** Every command of the tree, the root included. */
  private static List<picocli.CommandLine> everyCommand() {
    List<picocli.CommandLine> all = new ArrayList<>();
    java.util.ArrayDeque<picocli.CommandLine> todo = new java.util.ArrayDeque<>();
    todo.add(LabCli.commandLine(new Lab()));
    while (!todo.isEmpty()) {
      picocli.CommandLine c = todo.poll();
      all.add(c);
      todo.addAll(c.getSubcommands().values());
    }
    return all;
  }

  @Test
  void everyOptionWithADefaultShowsItInHelp() {
    List<String> missing = new ArrayList<>();
    for (picocli.CommandLine c : everyCommand()) {
      for (var o : c.getCommandSpec().options()) {
        if (o.usageHelp() || o.versionHelp() || o.hidden() || o.type() == boolean.class) {
          continue;
        }
        String help = String.join(" ", o.description());
        String dflt = o.defaultValueString();
        boolean says = help.contains("${DEFAULT-VALUE}") || help.contains("default");
        if (dflt != null && !dflt.equals("null") && !dflt.equals("[]") && !says) {
          missing.add(c.getCommandSpec().qualifiedName() + " " + o.longestName() + "=" + dflt);
        }
      }
    }
    assertThat(missing).as("options whose --help hides their default").isEmpty();
  }

  @Test
  void theServersPortDefaultIsItsLabPort() {
    assertThat(lab("tcp", "server", "--help").out()).contains("(default: 10007)");
    assertThat(lab("tcp", "send", "--help").out()).contains("(default: 10009)");
    assertThat(lab("udp", "receive", "--help").out()).contains("(default: 10200)");
  }

  @Test
  void helpExamplesFitTheTerminalSoNoCommentWrapsIntoACommand() {
    List<String> tooWide = new ArrayList<>();
    for (picocli.CommandLine c : everyCommand()) {
      for (String line : c.getCommandSpec().usageMessage().footer()) {
        if (line.length() > 79) {
          tooWide.add(c.getCommandSpec().qualifiedName() + ": " + line);
        }
        if (line.trim().startsWith("lab ") && line.contains(" & ")) {
          tooWide.add(c.getCommandSpec().qualifiedName() + " races its server: " + line);
        }
      }
    }
    assertThat(tooWide).isEmpty();
  }
}
