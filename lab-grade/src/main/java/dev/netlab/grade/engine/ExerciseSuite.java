package dev.netlab.grade.engine;

import dev.netlab.grade.Messages;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;

/**
 * An exercise's checks, by case name. A new suite is made for every grading run, so a suite may
 * keep what several of its cases share (a client exercise's runs of the student's program).
 */
public interface ExerciseSuite {
  /** One case's check: returns on a pass (with what it saw), throws on anything else. */
  @FunctionalInterface
  interface Check {
    String run(CaseContext ctx) throws Exception;
  }

  /** Every case's check, by the case's name in the exercise file. */
  Map<String, Check> checks();

  /** The {@code LAB_*} variables every run of the student's program gets, besides host and port. */
  default Map<String, String> environment() {
    return Map.of();
  }

  /**
   * Whether the student's server at {@code address} answers yet (server exercises), trying for at
   * most {@code wait}: by default its TCP port accepts a connection; a UDP exercise asks a
   * question.
   */
  default boolean ready(InetSocketAddress address, Duration wait) {
    try (Socket s = new Socket()) {
      s.connect(address, (int) wait.toMillis());
      return true;
    } catch (IOException notYet) {
      return false;
    }
  }

  /**
   * What a student reads when {@link #ready} never said yes: {@code where} is the address asked,
   * {@code within} how long the grader waited. A UDP exercise says its question got no answer.
   */
  default String notReady(String where, String within) {
    return Messages.get("server.never_listened", where, within);
  }
}
