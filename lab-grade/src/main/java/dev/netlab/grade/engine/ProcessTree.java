package dev.netlab.grade.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Kills a student's program and everything it started. The program runs in a session of its own
 * (started through {@code setsid} where that exists), so on Linux every process of that session is
 * found in /proc, even one whose parent has exited; elsewhere, the program's descendants as the JDK
 * sees them. Processes are killed (SIGKILL) round after round until none is left, since a dying
 * program may still fork.
 */
public final class ProcessTree {
  /** Rounds of kill-and-look-again before giving up on a program that keeps forking. */
  static final int ROUNDS = 20;

  /** How long one round waits for what it killed to be gone. */
  static final Duration ROUND_WAIT = Duration.ofMillis(500);

  private static final Path PROC = Path.of("/proc");

  private ProcessTree() {}

  /**
   * Kills {@code root} and everything it started.
   *
   * @param session the session id the program leads, or -1 when it was not started in its own
   * @return the processes still alive after every round (empty when all are gone)
   */
  public static List<ProcessHandle> kill(ProcessHandle root, long session) {
    for (int round = 0; round < ROUNDS; round++) {
      Set<ProcessHandle> alive = members(root, session);
      if (alive.isEmpty()) {
        return List.of();
      }
      alive.forEach(ProcessHandle::destroyForcibly);
      long deadline = System.nanoTime() + ROUND_WAIT.toNanos();
      for (ProcessHandle p : alive) {
        long left = deadline - System.nanoTime();
        if (left > 0) {
          try {
            p.onExit().get(left, TimeUnit.NANOSECONDS);
          } catch (Exception stillThere) {
            // looked at again next round
          }
        }
      }
    }
    return List.copyOf(members(root, session));
  }

  /** The root, its descendants and the members of its session, living (not zombies). */
  static Set<ProcessHandle> members(ProcessHandle root, long session) {
    Set<ProcessHandle> all = new LinkedHashSet<>();
    if (root.isAlive()) {
      all.add(root);
    }
    root.descendants().filter(ProcessHandle::isAlive).forEach(all::add);
    if (session > 0) {
      for (long pid : sessionMembers(session)) {
        ProcessHandle.of(pid).ifPresent(all::add);
      }
    }
    all.removeIf(p -> p.pid() == ProcessHandle.current().pid() || !running(p.pid()));
    return all;
  }

  /** The pids whose session is {@code session}, from /proc (empty where there is no /proc). */
  static List<Long> sessionMembers(long session) {
    List<Long> pids = new ArrayList<>();
    if (!Files.isDirectory(PROC)) {
      return pids;
    }
    try (Stream<Path> s = Files.list(PROC)) {
      for (Path p : s.toList()) {
        String name = p.getFileName().toString();
        if (name.chars().allMatch(Character::isDigit)) {
          long[] stat = stat(Long.parseLong(name));
          if (stat != null && stat[1] == session) {
            pids.add(Long.parseLong(name));
          }
        }
      }
    } catch (IOException e) {
      // /proc unreadable: the descendants are all we know
    }
    return pids;
  }

  /**
   * Whether {@code pid} runs (exists and is not a zombie waiting for its parent to reap it). Where
   * there is no /proc, what the JDK says.
   */
  public static boolean running(long pid) {
    if (!Files.isDirectory(PROC)) {
      return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
    long[] stat = stat(pid);
    return stat != null && stat[0] != 'Z' && stat[0] != 'X';
  }

  /** State letter and session id of {@code pid} from /proc/PID/stat, or null when it is gone. */
  private static long[] stat(long pid) {
    try {
      String s = Files.readString(PROC.resolve(pid + "/stat"));
      // "pid (comm) state ppid pgrp session ...": comm may hold spaces and parentheses
      String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
      return new long[] {f[0].charAt(0), Long.parseLong(f[3])};
    } catch (IOException | RuntimeException gone) {
      return null;
    }
  }
}
