package dev.netlab.grade.engine;

import dev.netlab.grade.Messages;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One run of the student's program: started with the exercise's {@code LAB_*} variables in its
 * environment and {@code {host}} / {@code {port}} in its command line replaced by LAB_HOST and
 * LAB_PORT, its output drained into an {@link OutputCapture}, and {@link #close() closed} by
 * killing it and everything it started.
 */
public final class StudentProgram implements AutoCloseable {
  private static final Optional<String> SETSID = findOnPath("setsid");

  private final Process process;
  private final boolean ownSession;
  private final OutputCapture output;
  private List<ProcessHandle> survivors = List.of();

  private StudentProgram(Process process, boolean ownSession) {
    this.process = process;
    this.ownSession = ownSession;
    this.output = new OutputCapture().start(process.getInputStream(), "student-output");
  }

  /**
   * Starts {@code command} in {@code dir} with {@code env} added to the grader's environment.
   *
   * @throws StartFailure when the program cannot be started at all, with the sentence to show
   */
  public static StudentProgram start(List<String> command, Map<String, String> env, Path dir)
      throws StartFailure {
    List<String> line = substitute(command, env);
    String program = line.get(0);
    if (resolve(program, dir).isEmpty()) {
      throw new StartFailure(Messages.get("start.not_found", program));
    }
    List<String> full = new ArrayList<>();
    // a session of its own: whatever it forks is found and killed at the end, even orphans
    SETSID.ifPresent(full::add);
    full.addAll(line);
    ProcessBuilder pb = new ProcessBuilder(full).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().putAll(env);
    try {
      Process process = pb.start();
      process.getOutputStream().close(); // stdin at end of file: the grader never types
      return new StudentProgram(process, SETSID.isPresent());
    } catch (IOException e) {
      throw new StartFailure(Messages.get("start.failed", String.join(" ", line), e.getMessage()));
    }
  }

  /** The command line with {host}, {port} and every {NAME} of a LAB_NAME variable replaced. */
  static List<String> substitute(List<String> command, Map<String, String> env) {
    List<String> out = new ArrayList<>();
    for (String arg : command) {
      String a = arg;
      for (var e : env.entrySet()) {
        if (e.getKey().startsWith("LAB_")) {
          a =
              a.replace(
                  "{" + e.getKey().substring(4).toLowerCase(java.util.Locale.ROOT) + "}",
                  e.getValue());
        }
      }
      out.add(a);
    }
    return out;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The exit code, or empty while it runs. */
  public Optional<Integer> exitCode() {
    return process.isAlive() ? Optional.empty() : Optional.of(process.exitValue());
  }

  /** Waits up to {@code timeout} for the program to exit on its own. */
  public boolean awaitExit(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  public OutputCapture output() {
    return output;
  }

  /** The processes that outlived {@link #close()} (none, unless something resisted SIGKILL). */
  public List<ProcessHandle> survivors() {
    return survivors;
  }

  /** Kills the program and everything it started, then waits (bounded) for its last output. */
  @Override
  public void close() {
    survivors = ProcessTree.kill(process.toHandle(), ownSession ? process.pid() : -1);
    try {
      output.awaitDrained(Duration.ofSeconds(2));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The program as the OS would find it: a path, or a name looked up on PATH. */
  static Optional<String> resolve(String program, Path dir) {
    if (program.contains(File.separator)) {
      Path p = dir.resolve(program);
      return Files.isExecutable(p) ? Optional.of(p.toString()) : Optional.empty();
    }
    return findOnPath(program);
  }

  private static Optional<String> findOnPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String d : path.split(File.pathSeparator)) {
      Path p = Path.of(d.isEmpty() ? "." : d, name);
      if (Files.isExecutable(p) && !Files.isDirectory(p)) {
        return Optional.of(p.toString());
      }
    }
    return Optional.empty();
  }

  /** The student's program could not be started; the message says why, for the student. */
  public static final class StartFailure extends Exception {
    public StartFailure(String message) {
      super(message);
    }
  }
}
