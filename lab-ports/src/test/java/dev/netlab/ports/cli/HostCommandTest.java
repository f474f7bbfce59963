package dev.netlab.ports.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.netlab.common.cli.LabCli;
import dev.netlab.common.impair.NftablesRule;
import dev.netlab.common.testing.Await;
import dev.netlab.common.testing.Tools;
import dev.netlab.ports.host.Service;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code lab ports host}: its table, its JSON, its usage errors and its bind errors. */
@Timeout(60)
class HostCommandTest {
  /** Offsets tried, 24000 to 24900: every service's port lands in 24007-24980. */
  static final int FIRST_OFFSET = 24_000;

  record Result(int code, String out, String err) {}

  static Result host(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cl = LabCli.commandLine(new HostCommand());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return new Result(cl.execute(args), out.toString(), err.toString());
  }

  @Test
  void theTableShowsTcpAndUdpOnTheSamePortAsTwoSockets() {
    int offset = freeOffset();
    Result r = host("--offset", String.valueOf(offset), "--time", "200ms");
    assertThat(r.code()).as(r.err()).isZero();
    int echo = offset + 7;
    assertThat(r.out())
        .contains("[IP-6] one process, one IP address (127.0.0.1), 13 sockets")
        .contains("TCP      " + echo + "  echo      RFC 862")
        .contains("UDP      " + echo + "  echo      RFC 862")
        .contains("TCP      " + (offset + 80) + "  http")
        .doesNotContain("UDP      " + (offset + 80))
        .contains("[PORT-1] TCP " + echo + " and UDP " + echo + " are two sockets (echo over each)")
        .contains("try: nc 127.0.0.1 " + echo + ", nc -u 127.0.0.1 " + echo + ", curl http://")
        .contains("at most 1024 TCP connections open at once")
        .contains("one idle for 5 min is closed");
  }

  @Test
  void withPortZeroTheTableShowsThePortsTheKernelChose() {
    Result r = host("--port", "0", "--services", "time", "--time", "200ms");
    assertThat(r.code()).as(r.err()).isZero();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(?m)^(TCP|UDP)\\s+(\\d+)\\s+time").matcher(r.out());
    List<Integer> ports = new ArrayList<>();
    while (m.find()) {
      ports.add(Integer.parseInt(m.group(2)));
    }
    assertThat(ports).hasSize(2).doesNotContain(0, 10_037);
    assertThat(r.out())
        .contains("TCP " + ports.get(0) + " and UDP " + ports.get(1) + " are two sockets")
        .contains("nc -u 127.0.0.1 " + ports.get(1));
  }

  @Test
  @SuppressWarnings("unchecked")
  void jsonHasTheSocketsAndEachServicesCounts() throws Exception {
    int offset = freeOffset();
    CompletableFuture<Result> run =
        CompletableFuture.supplyAsync(
            () ->
                host(
                    "--offset",
                    String.valueOf(offset),
                    "--services",
                    "daytime,time",
                    "--time",
                    "2s",
                    "--json"));
    InetSocketAddress daytime =
        new InetSocketAddress(InetAddress.getLoopbackAddress(), offset + 13);
    byte[] line = readWhenListening(daytime);
    assertThat(new String(line, StandardCharsets.US_ASCII)).endsWith("-UTC\r\n");
    Result r = run.get(30, TimeUnit.SECONDS);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().lines()).hasSize(1);
    Map<String, Object> json = JSON.std.mapFrom(r.out());
    assertThat((List<Object>) json.get("sockets"))
        .containsExactly(
            Map.of("protocol", "tcp", "port", offset + 13, "service", "daytime"),
            Map.of("protocol", "udp", "port", offset + 13, "service", "daytime"),
            Map.of("protocol", "tcp", "port", offset + 37, "service", "time"),
            Map.of("protocol", "udp", "port", offset + 37, "service", "time"));
    Map<String, Object> services = (Map<String, Object>) json.get("services");
    Map<String, Object> tcp = (Map<String, Object>) services.get("daytime_tcp");
    // at least ours: a port scan elsewhere on this machine may connect to the offset's ports too
    int opened = (Integer) tcp.get("connections_opened");
    assertThat(opened).isPositive();
    assertThat(((Number) tcp.get("bytes_written")).longValue())
        .isBetween((long) line.length, (long) opened * (line.length + 10));
    assertThat(json.get("max_connections")).isEqualTo(1024);
  }

  @Test
  void usageErrorsAreOneLineWithExitTwo() {
    for (String[] args :
        new String[][] {
          {"--port", "10007"},
          {"--privileged", "--offset", "20000"},
          {"--services", "echo,gopher"},
          {"--offset", "65500"},
          {"--max-connections", "0"}
        }) {
      Result r = host(args);
      assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isEqualTo(2);
      assertThat(r.err().lines()).hasSize(1);
    }
    assertThat(host("--services", "echo,gopher").err())
        .contains("unknown service 'gopher': choose from echo, discard");
    assertThat(host("--port", "10007").err()).contains("--offset N").contains("--port 0");
    assertThat(host("--offset", "65500").err()).contains("use 0 to 65455");
  }

  @Test
  void aPortInUseNamesTheProcessHoldingIt() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      int offset = taken.getLocalPort() - 7;
      Result r = host("--offset", String.valueOf(offset), "--services", "echo", "--time", "1s");
      assertThat(r.code()).isEqualTo(1);
      assertThat(r.err().lines()).hasSize(1);
      assertThat(r.err())
          .contains(
              "cannot start the TCP echo service: 127.0.0.1:"
                  + taken.getLocalPort()
                  + " is already in use by pid "
                  + ProcessHandle.current().pid());
    }
  }

  /**
   * PORT-2: without privilege, binding a well-known port is refused, and the one line says why and
   * the three ways to allow it. As root the command runs in a child JVM in a network namespace of
   * its own (port 7 free, ip_unprivileged_port_start at its default 1024, whatever this host's
   * setting) without the capability to bind low ports (setpriv).
   */
  @Test
  void privilegedPortsRefusedWithoutPrivilegeSayWhyAndTheThreeWaysToAllowIt() throws Exception {
    Service service = Service.ECHO;
    String err;
    int code;
    if (NftablesRule.isRoot()) {
      Tools.require("unshare");
      Tools.require("setpriv");
      Tools.require("ip");
      List<String> cmd =
          new ArrayList<>(
              List.of(
                  "unshare",
                  "--net",
                  "sh",
                  "-c",
                  "ip link set lo up && exec \"$@\"",
                  "sh",
                  "setpriv",
                  "--inh-caps=-all",
                  "--bounding-set=-net_bind_service",
                  ProcessHandle.current().info().command().orElse("java"),
                  "-cp",
                  System.getProperty("java.class.path"),
                  HostMain.class.getName()));
      cmd.addAll(List.of("--privileged", "--services", service.label(), "--time", "1s"));
      Process p = new ProcessBuilder(cmd).start();
      p.getOutputStream().close();
      err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      code = p.exitValue();
      // a container without CAP_SYS_ADMIN may not make namespaces: nothing to test then
      assumeTrue(!err.startsWith("unshare: "), err.strip());
    } else {
      // another lab may hold a low port here: take the first service whose port is free
      service = null;
      for (Service candidate : Service.values()) {
        if (service == null && isFree(candidate.wellKnownPort())) {
          service = candidate;
        }
      }
      assumeTrue(service != null, "every well-known port of the host's services is in use here");
      int start = unprivilegedPortStart();
      assumeTrue(
          start > service.wellKnownPort(),
          "net.ipv4.ip_unprivileged_port_start is " + start + ": anyone binds low ports here");
      Result r = host("--privileged", "--services", service.label(), "--time", "1s");
      err = r.err();
      code = r.code();
    }
    int port = service.wellKnownPort();
    assertThat(code).as(err).isEqualTo(1);
    List<String> lines = err.lines().filter(l -> l.contains("cannot start")).toList();
    assertThat(lines).as(err).hasSize(1);
    assertThat(lines.get(0))
        .contains(
            "cannot start the TCP "
                + service.label()
                + " service on 127.0.0.1:"
                + port
                + ": ports below 1024")
        .contains("run as root")
        .contains("setcap cap_net_bind_service=+ep")
        .contains("sysctl net.ipv4.ip_unprivileged_port_start=" + port);
  }

  private static int unprivilegedPortStart() throws IOException {
    Path p = Path.of("/proc/sys/net/ipv4/ip_unprivileged_port_start");
    return Files.isReadable(p) ? Integer.parseInt(Files.readString(p).trim()) : 1024;
  }

  /** The first offset from 24000 on (steps of 100) whose ports are free for TCP and UDP. */
  static int freeOffset() {
    for (int offset = FIRST_OFFSET; offset < FIRST_OFFSET + 1000; offset += 100) {
      boolean free = true;
      for (int wk : new int[] {7, 9, 13, 17, 19, 37, 80}) {
        free &= isFree(offset + wk);
      }
      if (free) {
        return offset;
      }
    }
    throw new AssertionError("no free offset in 24000-24900");
  }

  private static boolean isFree(int port) {
    InetAddress lo = InetAddress.getLoopbackAddress();
    try (ServerSocket t = new ServerSocket(port, 1, lo);
        DatagramSocket u = new DatagramSocket(port, lo)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Connects once the command listens (refused until then) and reads until the server closes. */
  private static byte[] readWhenListening(InetSocketAddress to) {
    byte[][] answer = new byte[1][];
    Await.until(
        "the host to answer on " + to.getPort(),
        java.time.Duration.ofSeconds(20),
        () -> {
          try (Socket s = new Socket()) {
            s.connect(to, 1000);
            s.setSoTimeout(5000);
            answer[0] = s.getInputStream().readAllBytes();
            return true;
          } catch (IOException notYet) {
            return false;
          }
        });
    return answer[0];
  }
}
