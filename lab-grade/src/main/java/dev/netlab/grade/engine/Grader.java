package dev.netlab.grade.engine;

import dev.netlab.grade.Messages;
import dev.netlab.grade.exercise.CaseSpec;
import dev.netlab.grade.exercise.Exercise;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * The black-box autograder: runs an exercise's cases against the student's program over real
 * sockets on loopback and scores each. A server exercise's program is started once, on a free port,
 * waited for until its port answers, and started again before a case when an earlier case left it
 * dead, so cases stay independent; a client exercise's cases run the program themselves. Every case
 * is bounded by its timeout, and everything the program started is killed at the end.
 */
public final class Grader {
  /** How often the startup wait tries the student's port. */
  static final Duration CONNECT_RETRY = Duration.ofMillis(20);

  /** How long a timed-out check's thread gets to notice its sockets closed before moving on. */
  static final Duration CHECK_STOP = Duration.ofSeconds(2);

  private final Exercise exercise;
  private final ExerciseSuite suite;
  private final List<String> command;
  private final Path dir;
  private final StudentSeed seed;
  private final String host = InetAddress.getLoopbackAddress().getHostAddress();
  private final List<String> notes = new ArrayList<>();

  private StudentProgram server;

  /** A client exercise's program while it runs, so an interrupted grader still stops it. */
  private volatile StudentProgram client;

  private int port;
  private String startupProblem;

  public Grader(
      Exercise exercise, ExerciseSuite suite, List<String> command, Path dir, StudentSeed seed) {
    if (command.isEmpty()) {
      throw new IllegalArgumentException("no student command");
    }
    this.exercise = exercise;
    this.suite = suite;
    this.command = List.copyOf(command);
    this.dir = dir;
    this.seed = seed;
  }

  /**
   * Runs the cases {@code selected} accepts, in the exercise's order.
   *
   * @param due when after_due_date details become visible
   */
  public GradeReport run(Predicate<CaseSpec> selected, Optional<Instant> due, boolean showHidden)
      throws InterruptedException {
    Instant started = Instant.now();
    long t0 = System.nanoTime();
    List<CaseResult> results = new ArrayList<>();
    StringBuilder programOutput = new StringBuilder();
    // a thread per case: a check stuck past its timeout cannot hold up the next case
    ExecutorService checks =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "grade-check");
              t.setDaemon(true);
              return t;
            });
    Thread hook = new Thread(this::stopAll, "grade-cleanup");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      for (CaseSpec spec : exercise.cases()) {
        if (selected.test(spec)) {
          results.add(runCase(spec, checks, programOutput));
        }
      }
    } finally {
      checks.shutdownNow();
      programOutput.append(stopServer());
      if (suite instanceof AutoCloseable references) {
        closeQuietly(references); // reference servers a suite started for its comparisons
      }
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running or ran: the server is stopped either way
      }
    }
    return new GradeReport(
        exercise,
        seed.student(),
        seed.fingerprint(),
        started,
        Duration.ofNanos(System.nanoTime() - t0),
        results,
        due,
        showHidden,
        programOutput.toString(),
        notes);
  }

  private CaseResult runCase(CaseSpec spec, ExecutorService checks, StringBuilder programOutput)
      throws InterruptedException {
    long t0 = System.nanoTime();
    for (String r : spec.requires()) {
      Optional<String> why = Requirements.missing(r);
      if (why.isPresent()) {
        return new CaseResult(spec, Outcome.UNAVAILABLE, why.get(), "", Duration.ZERO);
      }
    }
    ExerciseSuite.Check check = suite.checks().get(spec.name());
    if (check == null) {
      return new CaseResult(
          spec,
          Outcome.UNAVAILABLE,
          Messages.get("case.no_check", spec.name(), exercise.id()),
          "",
          Duration.ZERO);
    }
    String restarted = "";
    InetSocketAddress address = null;
    if (exercise.role() == Exercise.Role.SERVER) {
      restarted = ensureServer(programOutput);
      if (startupProblem != null) {
        String out = server == null ? "" : server.output().nextCase();
        return new CaseResult(spec, Outcome.ERROR, startupProblem, out, elapsed(t0));
      }
      address = new InetSocketAddress(host, port);
    }
    StudentProgram running = server;
    CaseContext ctx =
        new CaseContext(
            exercise,
            spec,
            seed,
            address,
            this::launch,
            running == null
                ? null
                : timeout -> running.awaitExit(timeout) ? running.exitCode() : Optional.empty());
    Future<String> f = checks.submit(() -> check.run(ctx));
    Outcome outcome;
    String message;
    try {
      message = f.get(spec.timeout().toNanos(), TimeUnit.NANOSECONDS);
      outcome = Outcome.PASSED;
    } catch (TimeoutException e) {
      outcome = Outcome.TIMED_OUT;
      message = Messages.get("case.timeout", seconds(spec.timeout()), ctx.doingNow());
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      outcome =
          cause instanceof CaseFailure cf
              ? cf.outcome()
              : cause instanceof SocketTimeoutException ? Outcome.TIMED_OUT : Outcome.FAILED;
      message = describe(cause, ctx, spec);
    } finally {
      ctx.closeAll();
      f.cancel(true);
    }
    try {
      f.get(CHECK_STOP.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception stopped) {
      // done, failed or cancelled: all we waited for is the check thread letting go
    }
    if (outcome == Outcome.PASSED && message == null) {
      message = Messages.get("case.passed");
    }
    String output = ctx.output();
    if (server != null) {
      output = server.output().nextCase();
      if (!server.isAlive()) {
        String died = Messages.get("server.died", server.exitCode().orElse(-1));
        output = output + (output.isEmpty() ? "" : "\n") + "[" + died + "]";
      }
    }
    return new CaseResult(spec, outcome, restarted + message, output, elapsed(t0));
  }

  /** The sentence for a check that threw: its own, or what the socket error means. */
  private String describe(Throwable cause, CaseContext ctx, CaseSpec spec) {
    if (cause instanceof CaseFailure) {
      return cause.getMessage();
    }
    if (cause instanceof SocketTimeoutException) {
      return Messages.get("case.timeout", seconds(spec.timeout()), ctx.doingNow());
    }
    if (cause instanceof IOException && server != null && !server.isAlive()) {
      return Messages.get("case.server_gone", ctx.doingNow(), server.exitCode().orElse(-1));
    }
    if (cause instanceof ConnectException) {
      return Messages.get("case.refused", host + ":" + port, ctx.doingNow());
    }
    if (cause instanceof IOException) {
      return Messages.get("case.io", ctx.doingNow(), String.valueOf(cause.getMessage()));
    }
    return Messages.get("case.grader_bug", cause.toString());
  }

  /**
   * Starts the student's server if it is not running, waiting until its port answers. Returns a
   * note when it had to be started again; sets {@link #startupProblem} when it cannot be had.
   */
  private String ensureServer(StringBuilder programOutput) throws InterruptedException {
    if (startupProblem != null || (server != null && server.isAlive())) {
      return "";
    }
    String note = "";
    if (server != null) {
      note = Messages.get("server.restarted", server.exitCode().orElse(-1)) + " ";
      programOutput.append(stopServer());
    }
    port = freePort();
    Map<String, String> env = new LinkedHashMap<>();
    env.put("LAB_HOST", host);
    env.put("LAB_PORT", String.valueOf(port));
    env.putAll(suite.environment());
    try {
      server = StudentProgram.start(command, env, dir);
    } catch (StudentProgram.StartFailure e) {
      startupProblem = e.getMessage();
      return note;
    }
    long deadline = System.nanoTime() + exercise.startupTimeout().toNanos();
    while (true) {
      if (suite.ready(new InetSocketAddress(host, port), CONNECT_RETRY.multipliedBy(10))) {
        return note;
      }
      if (!server.isAlive()) {
        startupProblem =
            Messages.get("server.exited_before_listening", server.exitCode().orElse(-1), port);
        return note;
      }
      if (System.nanoTime() > deadline) {
        startupProblem = suite.notReady(host + ":" + port, seconds(exercise.startupTimeout()));
        return note;
      }
      LockSupport.parkNanos(CONNECT_RETRY.toNanos());
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
    }
  }

  /** What the shutdown hook does when the grader is stopped (Ctrl-C): nothing may outlive it. */
  private void stopAll() {
    StudentProgram c = client;
    if (c != null) {
      c.close();
    }
    stopServer();
  }

  /** Kills the student's server and all it started; returns its output of the run. */
  private synchronized String stopServer() {
    if (server == null) {
      return "";
    }
    server.close();
    for (ProcessHandle p : server.survivors()) {
      notes.add(Messages.get("process.survived", p.pid()));
    }
    String out = server.output().text();
    server = null;
    return out;
  }

  /** Runs the student's program once for a client exercise, killed at {@code limit}. */
  private StudentRun launch(Map<String, String> env, Duration limit) throws InterruptedException {
    StudentProgram p;
    try {
      p = StudentProgram.start(command, env, dir);
    } catch (StudentProgram.StartFailure e) {
      return new StudentRun("", Optional.empty(), e.getMessage());
    }
    Optional<Integer> code = Optional.empty();
    client = p;
    try {
      p.awaitExit(limit);
      code = p.exitCode();
    } finally {
      client = null;
      p.close();
      for (ProcessHandle h : p.survivors()) {
        notes.add(Messages.get("process.survived", h.pid()));
      }
    }
    return new StudentRun(p.output().text(), code, null);
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // closing is all we want
    }
  }

  /** A port free now on loopback: the kernel picks it, the student's program binds it. */
  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port on loopback: " + e.getMessage(), e);
    }
  }

  static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  private static Duration elapsed(long t0) {
    return Duration.ofNanos(System.nanoTime() - t0);
  }
}
