package dev.netlab.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the commands of README.md and docs/*.md as written, so the docs cannot drift from the
 * program: every {@code ```sh} block's lines, servers first (started in the background, waited for
 * on their port, stopped at the end of the document), then the others in order. A documented
 * command must not be a usage error (exit 2), must not crash (no stack trace), and must end as its
 * comment says: exit 0, or 1 where the comment says it fails (refused, nobody there, timed out).
 *
 * <p>Each document runs in a network namespace of its own (unshare), so the docs' fixed default
 * ports can collide with nothing on this machine. Lines that need root run only as root; lines for
 * other tools (Wireshark, the package manager, a capture running until Ctrl-C) are listed as
 * skipped with the reason.
 */
class DocsCommandsTest {
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  /**
   * A server command: {@code lab LAB SUB}, and the port and protocol it listens on by default, with
   * the address it binds last when it binds several (the hierarchy's root starts after the rest).
   */
  static final Map<String, String> SERVERS =
      Map.of(
          "tcp server", "10007/tcp",
          "tcp sink", "10009/tcp",
          "udp server", "10009/udp",
          "udp echo", "10007/udp",
          "udp receive", "10200/udp",
          "udp relay", "10900/udp",
          "ports host", "10007/tcp",
          "dns serve", "10053/udp",
          "dns hierarchy", "127.53.0.1:10053/udp");

  /** Words in a line's comment that say the command is meant to fail (exit 1). */
  static final Pattern FAILS =
      Pattern.compile("refused|nobody|timed out|exit 1|no report|fails", Pattern.CASE_INSENSITIVE);

  static final Pattern LAB = Pattern.compile("^(?:scripts/)?lab\\s+(\\w+)(?:\\s+(\\w+))?");
  static final Pattern PORT = Pattern.compile("--port[ =](\\d+)");

  enum Kind {
    SERVER,
    CLIENT,
    SKIP
  }

  record Step(int line, String section, String command, String comment, Kind kind, String why) {
    int expectedExit() {
      return FAILS.matcher(comment).find() ? 1 : 0;
    }
  }

  static Stream<Path> documents() throws IOException {
    List<Path> docs = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    try (Stream<Path> s = Files.list(ROOT.resolve("docs"))) {
      s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
    }
    return docs.stream();
  }

  /** The steps of one document's {@code ```sh} blocks. */
  static List<Step> steps(Path doc) throws IOException {
    List<String> lines = Files.readAllLines(doc, StandardCharsets.UTF_8);
    List<Step> steps = new ArrayList<>();
    boolean inBlock = false;
    String section = "";
    for (int i = 0; i < lines.size(); i++) {
      String raw = lines.get(i);
      if (!inBlock && raw.startsWith("## ")) {
        section = raw.substring(3).trim();
        continue;
      }
      if (raw.startsWith("```")) {
        inBlock = !inBlock && raw.trim().equals("```sh");
        continue;
      }
      if (!inBlock || raw.isBlank() || raw.trim().startsWith("#")) {
        continue;
      }
      int hash = raw.indexOf("  #");
      String command = (hash >= 0 ? raw.substring(0, hash) : raw).trim();
      String comment = hash >= 0 ? raw.substring(hash + 3).trim() : "";
      steps.add(classify(i + 1, section, command, comment));
    }
    return steps;
  }

  static Step classify(int line, String section, String command, String comment) {
    String c = command;
    boolean root = c.startsWith("sudo ");
    if (root) {
      c = c.substring(5);
      if (!isRoot()) {
        return new Step(line, section, c, comment, Kind.SKIP, "needs root");
      }
    }
    boolean background = c.endsWith("&");
    if (background) {
      c = c.substring(0, c.length() - 1).trim();
    }
    String first = c.split("\\s+")[0];
    switch (first) {
      case "mvn" -> {
        return new Step(line, section, c, comment, Kind.SKIP, "the tests themselves");
      }
      case "wireshark", "dpkg-reconfigure", "usermod" -> {
        return new Step(line, section, c, comment, Kind.SKIP, "interactive or changes the system");
      }
      case "tshark" -> {
        return new Step(
            line, section, c, comment, Kind.SKIP, "reads a capture the user made by hand");
      }
      case "scripts/capture.sh" -> {
        return new Step(
            line, section, c, comment, Kind.SKIP, "captures until Ctrl-C (ScriptsTest)");
      }
      default -> {}
    }
    Matcher m = LAB.matcher(c);
    if (m.find()) {
      String sub = m.group(1) + " " + m.group(2);
      if (SERVERS.containsKey(sub) || background) {
        return new Step(line, section, c, comment, Kind.SERVER, "");
      }
    }
    return new Step(line, section, c, comment, Kind.CLIENT, "");
  }

  /** The port a server step listens on, as {@code 10007/tcp}. */
  static String listens(Step s) {
    Matcher m = LAB.matcher(s.command());
    m.find();
    String dflt = SERVERS.get(m.group(1) + " " + m.group(2));
    Matcher p = PORT.matcher(s.command());
    String proto = dflt == null ? "tcp" : dflt.substring(dflt.indexOf('/') + 1);
    String port = dflt == null ? "" : dflt.substring(0, dflt.indexOf('/'));
    String address = port.contains(":") ? port.substring(0, port.lastIndexOf(':') + 1) : "";
    port = port.substring(port.lastIndexOf(':') + 1);
    return address + (p.find() ? p.group(1) : port) + "/" + proto;
  }

  static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  /** The script that runs one document's steps in a fresh network namespace. */
  static String script(List<Step> steps, Path logs) {
    String java = ProcessHandle.current().info().command().orElse("java");
    StringBuilder sh = new StringBuilder();
    sh.append("set -u\n")
        .append("cd '")
        .append(ROOT)
        .append("'\n")
        .append("ip link set lo up\n")
        // lab dns resolve keeps its cache there: the test's own, not the user's ~/.cache
        .append("export XDG_CACHE_HOME='")
        .append(logs.resolve("cache"))
        .append("'\n")
        .append("lab() { '")
        .append(java)
        .append("' -cp \"$NETLAB_CP\" dev.netlab.app.Lab \"$@\"; }\n")
        .append("export -f lab 2>/dev/null\n")
        .append(
            "wait_port() { case $1 in *:*) f=\"src $1\";; *) f=\"sport = :$1\";; esac;"
                + " for _ in $(seq 150); do ss -Hln -${2:0:1} \"$f\" | grep -q ."
                + " && return 0; sleep 0.1; done; return 1; }\n")
        .append("pids=()\n");
    // servers first, each on its port, then the rest in order
    for (Step s : steps) {
      if (s.kind() == Kind.SERVER) {
        String[] port = listens(s).split("/");
        // exec: $! is the JVM itself, so the kill at the end stops it (a function's subshell
        // would die and leave the JVM running, orphaned, after the namespace's script ended)
        sh.append("( exec '")
            .append(java)
            .append("' -cp \"$NETLAB_CP\" dev.netlab.app.Lab ")
            .append(s.command().replaceFirst("^(?:scripts/)?lab\\s+", ""))
            .append(" ) >'")
            .append(logs.resolve(s.line() + ".out"))
            .append("' 2>'")
            .append(logs.resolve(s.line() + ".err"))
            .append("' &\npids+=($!)\n")
            .append("wait_port ")
            .append(port[0])
            .append(' ')
            .append(port[1])
            .append(" && echo '@@ ")
            .append(s.line())
            .append(" up' || echo '@@ ")
            .append(s.line())
            .append(" down'\n");
      }
    }
    for (Step s : steps) {
      if (s.kind() == Kind.CLIENT) {
        // a plain lab command runs as the JVM itself, so that the timeout stops the JVM; a
        // pipeline goes through bash, with the timeout's KILL a few seconds later
        boolean plain = s.command().matches("^(?:scripts/)?lab\\s+[^|;&]*$");
        sh.append("timeout -k 5 300 ")
            .append(
                plain
                    ? "'"
                        + java
                        + "' -cp \"$NETLAB_CP\" dev.netlab.app.Lab "
                        + s.command().replaceFirst("^(?:scripts/)?lab\\s+", "")
                    : "bash -c " + quote(lab(s.command())))
            .append(" </dev/null >'")
            .append(logs.resolve(s.line() + ".out"))
            .append("' 2>'")
            .append(logs.resolve(s.line() + ".err"))
            .append("'\necho \"@@ ")
            .append(s.line())
            .append(" $?\"\n");
      }
    }
    // stop the servers, and give each a few seconds before SIGKILL: nothing outlives the script
    sh.append("for p in \"${pids[@]}\"; do kill -TERM $p 2>/dev/null; done\n")
        .append("for _ in $(seq 50); do alive=0; for p in \"${pids[@]}\"; do")
        .append(" kill -0 $p 2>/dev/null && alive=1; done; [ $alive = 0 ] && break; sleep 0.1;")
        .append(" done\n")
        .append("for p in \"${pids[@]}\"; do kill -KILL $p 2>/dev/null; done; wait\n");
    return sh.toString();
  }

  /** The command with {@code scripts/lab} (or {@code lab}) run as the function {@code lab}. */
  static String lab(String command) {
    return command.replaceAll("(^|[|;&]\\s*)scripts/lab\\b", "$1lab");
  }

  static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  @ParameterizedTest
  @MethodSource("documents")
  @Timeout(900)
  void everyCommandOfTheDocsRunsAsWritten(Path doc, @TempDir Path logs) throws Exception {
    List<Step> steps = steps(doc);
    List<String> namespace = isRoot() ? List.of("unshare", "-n") : List.of("unshare", "-r", "-n");
    String reason = namespaceProblem(namespace);
    if (reason != null) {
      Assumptions.assumeTrue("true".equals(System.getenv("CI")) && isRoot(), reason);
      throw new AssertionError("CI=true as root and no network namespace: " + reason);
    }
    // each section (## heading) in a namespace of its own: the labs' servers share default ports
    // (lab tcp server and lab ports host both take 10007), and a reader runs one lab at a time
    StringBuilder all = new StringBuilder();
    String marker = java.util.UUID.randomUUID().toString();
    for (String section : steps.stream().map(Step::section).distinct().toList()) {
      List<Step> part = steps.stream().filter(st -> st.section().equals(section)).toList();
      Path script = logs.resolve("run-" + all.length() + ".sh");
      Files.writeString(script, script(part, logs));
      List<String> command = new ArrayList<>(namespace);
      command.addAll(List.of("bash", script.toString()));
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
      pb.environment().put("NETLAB_CP", System.getProperty("java.class.path"));
      pb.environment().put("NETLAB_DOCS_RUN", marker);
      pb.environment().remove("CI"); // privileged lines follow the uid, not the test profile
      Process p = pb.start();
      all.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
      assertThat(p.waitFor(880, TimeUnit.SECONDS)).isTrue();
    }
    String out = all.toString();
    List<String> problems = new ArrayList<>();
    for (Step s : steps) {
      String where = ROOT.relativize(doc) + ":" + s.line() + " `" + s.command() + "`";
      switch (s.kind()) {
        case SKIP -> System.out.println("skipped " + where + ": " + s.why());
        case SERVER -> {
          if (!out.contains("@@ " + s.line() + " up")) {
            problems.add(where + " never listened: " + tail(logs, s));
          }
          checkNoCrash(logs, s, where, problems);
        }
        case CLIENT -> {
          Matcher m = Pattern.compile("@@ " + s.line() + " (\\d+)").matcher(out);
          if (!m.find()) {
            problems.add(where + " did not run: " + out);
            continue;
          }
          int exit = Integer.parseInt(m.group(1));
          if (exit != s.expectedExit()) {
            problems.add(
                where
                    + " exited "
                    + exit
                    + ", expected "
                    + s.expectedExit()
                    + ": "
                    + tail(logs, s));
          }
          checkNoCrash(logs, s, where, problems);
        }
      }
    }
    assertThat(problems).as(out).isEmpty();
    assertThat(leftRunning(marker)).as("lab processes the docs' commands left running").isEmpty();
  }

  /** The processes still running with {@code marker} in their environment. */
  static List<String> leftRunning(String marker) throws IOException {
    List<String> alive = new ArrayList<>();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
        try {
          String env =
              new String(Files.readAllBytes(proc.resolve("environ")), StandardCharsets.UTF_8);
          if (env.contains("NETLAB_DOCS_RUN=" + marker)) {
            alive.add(
                proc.getFileName()
                    + " "
                    + Files.readString(proc.resolve("cmdline")).replace('\0', ' '));
          }
        } catch (IOException | SecurityException gone) {
          // exited meanwhile, or not ours to read
        }
      }
    }
    return alive;
  }

  private static void checkNoCrash(Path logs, Step s, String where, List<String> problems)
      throws IOException {
    String err = read(logs.resolve(s.line() + ".err"));
    if (err.contains("\tat ") || err.contains("Exception in thread")) {
      problems.add(where + " printed a stack trace: " + err);
    }
  }

  private static String tail(Path logs, Step s) throws IOException {
    String err = read(logs.resolve(s.line() + ".err")).strip();
    return err.isEmpty() ? read(logs.resolve(s.line() + ".out")).strip() : err;
  }

  private static String read(Path p) throws IOException {
    return Files.exists(p) ? Files.readString(p) : "";
  }

  /** Why a network namespace cannot be made here, or null when it can. */
  static String namespaceProblem(List<String> unshare) {
    try {
      List<String> c = new ArrayList<>(unshare);
      c.addAll(List.of("ip", "link", "set", "lo", "up"));
      Process p = new ProcessBuilder(c).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        return String.join(" ", unshare) + " failed: " + out.strip();
      }
      return null;
    } catch (IOException | InterruptedException e) {
      return "no unshare or ip (util-linux, iproute2): " + e.getMessage();
    }
  }
}
