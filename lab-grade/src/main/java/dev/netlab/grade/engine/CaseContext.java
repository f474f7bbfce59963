package dev.netlab.grade.engine;

import dev.netlab.grade.exercise.CaseSpec;
import dev.netlab.grade.exercise.Exercise;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a check works with: its case, the student's seeds, the student's address (a server exercise)
 * or a way to run the student's program (a client exercise), and a deadline. Sockets opened through
 * it are closed when the case ends, also when its time runs out, which is what unblocks a check
 * waiting on a program that hangs.
 */
public final class CaseContext {
  /** Runs the student's program once, for client exercises. */
  @FunctionalInterface
  public interface Launcher {
    StudentRun run(Map<String, String> env, Duration limit) throws InterruptedException;
  }

  /** Watches the student's server (server exercises). */
  @FunctionalInterface
  public interface ServerWatch {
    /** Waits up to {@code timeout} for the server to exit: its exit code, or empty if it runs. */
    Optional<Integer> awaitExit(Duration timeout) throws InterruptedException;
  }

  private final Exercise exercise;
  private final CaseSpec spec;
  private final StudentSeed seed;
  private final InetSocketAddress student;
  private final Launcher launcher;
  private final ServerWatch watch;
  private final long deadline;
  private final List<Closeable> open = new ArrayList<>();
  private volatile String doing = "starting";
  private final StringBuilder output = new StringBuilder();

  CaseContext(
      Exercise exercise,
      CaseSpec spec,
      StudentSeed seed,
      InetSocketAddress student,
      Launcher launcher,
      ServerWatch watch) {
    this.exercise = exercise;
    this.spec = spec;
    this.seed = seed;
    this.student = student;
    this.launcher = launcher;
    this.watch = watch;
    this.deadline = System.nanoTime() + spec.timeout().toNanos();
  }

  public Exercise exercise() {
    return exercise;
  }

  public CaseSpec spec() {
    return spec;
  }

  public StudentSeed seed() {
    return seed;
  }

  /** Where the student's server listens (server exercises). */
  public InetSocketAddress student() {
    if (student == null) {
      throw new IllegalStateException("a client exercise has no student address");
    }
    return student;
  }

  /** Time left before the case times out (at least 1 ms, so it can be used as a socket timeout). */
  public Duration remaining() {
    return Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
  }

  /** Says what the check is doing now: the timeout message quotes it. */
  public void doing(String what) {
    this.doing = what;
  }

  String doingNow() {
    return doing;
  }

  /** A connection to the student's server, closed when the case ends. */
  public Socket connect() throws IOException {
    return connect(Duration.ZERO);
  }

  /**
   * A connection to the student's server, closed when the case ends; the connect gives up {@code
   * margin} before the case's timeout, so the check can still say what happened.
   */
  public Socket connect(Duration margin) throws IOException {
    Socket s = track(new Socket());
    s.connect(student(), (int) Math.max(1, remaining().minus(margin).toMillis()));
    s.setSoTimeout((int) Math.min(Integer.MAX_VALUE, remaining().toMillis()));
    return s;
  }

  /** Closes {@code c} when the case ends. */
  public synchronized <T extends Closeable> T track(T c) {
    open.add(c);
    return c;
  }

  /** Runs the student's program (client exercises); it is killed at {@code limit}. */
  public StudentRun runStudent(Map<String, String> env, Duration limit)
      throws InterruptedException {
    if (launcher == null) {
      throw new IllegalStateException("a server exercise runs the student's program itself");
    }
    return launcher.run(env, limit);
  }

  /**
   * Waits up to {@code timeout} for the student's server to exit (server exercises): its exit code,
   * or empty when it is still running at the end of the wait.
   */
  public Optional<Integer> awaitServerExit(Duration timeout) throws InterruptedException {
    if (watch == null) {
      throw new IllegalStateException("a client exercise has no server to watch");
    }
    return watch.awaitExit(timeout);
  }

  /** Adds to what the report shows as this case's program output. */
  public synchronized void addOutput(String text) {
    output.append(text);
  }

  synchronized String output() {
    return output.toString();
  }

  synchronized void closeAll() {
    for (Closeable c : open) {
      try {
        c.close();
      } catch (IOException ignored) {
        // closing is all we want
      }
    }
    open.clear();
  }
}
