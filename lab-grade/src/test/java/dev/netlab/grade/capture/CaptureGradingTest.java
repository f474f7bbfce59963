package dev.netlab.grade.capture;

import static dev.netlab.grade.capture.Conversation.STUDENT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.netlab.common.capture.LinkType;
import dev.netlab.common.cli.LabCli;
import dev.netlab.grade.cli.GradeLab;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code lab grade capture} on captures built from bytes: no privilege needed. */
@Timeout(60)
class CaptureGradingTest {
  static final String HANDSHAKE = "tcp-handshake-capture";
  static final String DNS = "dns-capture";
  static final String PORTS = "ports-capture";
  static final String UDP_LOSS = "udp-loss-capture";

  @TempDir Path dir;

  record Run(int code, String out, String err) {
    @SuppressWarnings("unchecked")
    Map<String, Object> json() throws IOException {
      return JSON.std.mapFrom(out);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> caseNamed(String name) throws IOException {
      for (Object o : (List<Object>) json().get("cases")) {
        Map<String, Object> c = (Map<String, Object>) o;
        if (c.get("name").equals(name)) {
          return c;
        }
      }
      throw new AssertionError("no case " + name + " in " + out);
    }

    String message(String name) throws IOException {
      return (String) caseNamed(name).get("message");
    }
  }

  static Run grade(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cl = LabCli.commandLine(new GradeLab());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    List<String> all = new ArrayList<>(List.of("capture"));
    all.addAll(Arrays.asList(args));
    return new Run(cl.execute(all.toArray(String[]::new)), out.toString(), err.toString());
  }

  Path answers(String json) throws IOException {
    return Files.writeString(dir.resolve("answers-" + json.hashCode() + ".json"), json);
  }

  Run gradeHandshake(Path capture, String answersJson, String... more) throws IOException {
    List<String> args =
        new ArrayList<>(
            List.of(
                capture.toString(),
                "--exercise",
                HANDSHAKE,
                "--student",
                STUDENT,
                "--answers",
                answers(answersJson).toString(),
                "--json"));
    args.addAll(Arrays.asList(more));
    return grade(args.toArray(String[]::new));
  }

  Path handshakeCapture(LinkType type, boolean pcapng) throws IOException {
    return Conversation.write(
        dir.resolve("hs-" + type + (pcapng ? ".pcapng" : ".pcap")),
        type,
        pcapng,
        Conversation.echoConnection(STUDENT));
  }

  @Test
  void handshakeCaptureWithRightAnswersScoresFullMarksInEveryLinkTypeAndBothFormats()
      throws IOException {
    for (LinkType type : LinkType.values()) {
      for (boolean pcapng : List.of(false, true)) {
        Run r = gradeHandshake(handshakeCapture(type, pcapng), Conversation.echoAnswers());
        assertThat(r.code()).as(type + " pcapng=" + pcapng + ": " + r.out()).isZero();
        assertThat(r.json().get("score")).isEqualTo(r.json().get("max_score")).isEqualTo(12);
      }
    }
  }

  @Test
  void dnsCaptureWithRightAnswersScoresFullMarks() throws IOException {
    Path capture =
        Conversation.write(
            dir.resolve("dns.pcapng"), LinkType.LINUX_SLL2, true, Conversation.dnsQueries(STUDENT));
    Run r =
        grade(
            capture.toString(),
            "--exercise",
            DNS,
            "--student",
            STUDENT,
            "--answers",
            answers(Conversation.dnsAnswers()).toString(),
            "--json");
    assertThat(r.code()).as(r.out()).isZero();
    assertThat(r.json().get("score")).isEqualTo(10);
  }

  /** Grades {@code capture} for {@code exercise} as student {@link Conversation#STUDENT}. */
  Run gradeAs(String exercise, Path capture, String answersJson) throws IOException {
    return grade(
        capture.toString(),
        "--exercise",
        exercise,
        "--student",
        STUDENT,
        "--answers",
        answers(answersJson).toString(),
        "--json");
  }

  Path twoClientsCapture() throws IOException {
    return Conversation.write(
        dir.resolve("ports.pcapng"),
        LinkType.LINUX_SLL2,
        true,
        Conversation.twoEchoConnections(STUDENT));
  }

  @Test
  void portsCaptureOfTwoClientsWithRightAnswersScoresFullMarks() throws IOException {
    Run r = gradeAs(PORTS, twoClientsCapture(), Conversation.portsAnswers());
    assertThat(r.code()).as(r.out()).isZero();
    assertThat(r.json().get("score")).isEqualTo(r.json().get("max_score")).isEqualTo(10);
  }

  @Test
  void portsCaptureWithAWrongEphemeralPortLosesThatQuestionOnly() throws IOException {
    String wrong =
        Conversation.portsAnswers()
            .replace("\"value\": " + (Conversation.CLIENT_PORT + 1), "\"value\": 50000");
    Run r = gradeAs(PORTS, twoClientsCapture(), wrong);
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.json().get("score")).isEqualTo(10 - 2);
    assertThat(r.message("answer_second_client_port"))
        .startsWith("question second_client_port: your answer '50000' does not agree with frame 11")
        .doesNotContain(String.valueOf(Conversation.CLIENT_PORT + 1));
  }

  @Test
  void portsCaptureOfOneConnectionOnlyLosesTheTwoClientsEvidence() throws IOException {
    Path handshakeOnly = handshakeCapture(LinkType.EN10MB, false);
    Run r = gradeAs(PORTS, handshakeOnly, Conversation.portsAnswers());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.message("capture_two_tcp_handshakes"))
        .contains("asked >= 2, the capture has 1")
        .contains("run two clients to port 10007");
    assertThat(r.message("answer_second_client_port"))
        .startsWith("question second_client_port: frame 11 is");
  }

  @Test
  void portsCaptureOfTheDnsExerciseScoresOnlyItsToken() throws IOException {
    Path dnsCapture =
        Conversation.write(
            dir.resolve("dns.pcap"), LinkType.NULL, false, Conversation.dnsQueries(STUDENT));
    Run r = gradeAs(PORTS, dnsCapture, Conversation.portsAnswers());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.json().get("score")).isEqualTo(1);
    assertThat(r.message("answer_server_port")).startsWith("question server_port: frame 1 is not");
  }

  Path lossyRelayCapture(List<byte[]> frames) throws IOException {
    return Conversation.write(dir.resolve("udp-loss.pcap"), LinkType.LINUX_SLL, false, frames);
  }

  @Test
  void udpLossCaptureOfBothLegsWithRightAnswersScoresFullMarks() throws IOException {
    List<byte[]> frames = Conversation.udpThroughLossyRelay(STUDENT);
    Run r =
        gradeAs(UDP_LOSS, lossyRelayCapture(frames), Conversation.udpLossAnswers(frames.size()));
    assertThat(r.code()).as(r.out()).isZero();
    assertThat(r.json().get("score")).isEqualTo(r.json().get("max_score")).isEqualTo(10);
    assertThat(r.message("capture_relay_dropped_some"))
        .contains("DATA datagrams to port 10009")
        .contains(": 2 in the capture"); // 3 and 7
  }

  @Test
  void udpLossCaptureWithAWrongCountLosesThatQuestionWithoutShowingTheCount() throws IOException {
    List<byte[]> frames = Conversation.udpThroughLossyRelay(STUDENT);
    String wrong =
        Conversation.udpLossAnswers(frames.size())
            .replace("\"value\": " + Conversation.UDP_SENT, "\"value\": 8");
    Run r = gradeAs(UDP_LOSS, lossyRelayCapture(frames), wrong);
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.json().get("score")).isEqualTo(10 - 2);
    assertThat(r.message("answer_sent_count"))
        .startsWith(
            "question sent_count: your answer '8' does not agree with frame " + frames.size())
        .contains("netlab.udp.seq");
  }

  @Test
  void udpLossCaptureOfOnlyTheServerLegLosesTheClientLegEvidence() throws IOException {
    List<byte[]> serverLeg =
        Conversation.udpThroughLossyRelay(STUDENT).stream()
            .filter(p -> (p[22] & 0xff) << 8 == (Conversation.UDP_PORT & 0xff00)) // dst 10009
            .toList();
    Run r = gradeAs(UDP_LOSS, lossyRelayCapture(serverLeg), Conversation.udpLossAnswers(20));
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.caseNamed("capture_client_leg").get("points")).isEqualTo(0);
    assertThat(r.message("capture_client_leg")).contains("capture port 10900 too");
    assertThat(r.caseNamed("capture_relay_dropped_some").get("points")).isEqualTo(1);
  }

  @Test
  void udpLossCaptureOfTheHandshakeExerciseFindsNoLabDatagrams() throws IOException {
    Run r =
        gradeAs(UDP_LOSS, handshakeCapture(LinkType.EN10MB, false), Conversation.udpLossAnswers(8));
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.json().get("score")).isEqualTo(2); // its token; no gaps on the client leg
    assertThat(r.message("capture_relay_dropped_some")).contains("the capture has 0");
    assertThat(r.message("answer_sent_count")).startsWith("question sent_count: frame 8 is not");
  }

  @Test
  void aWrongAnswerNamesTheQuestionAndShowsTheFramesAroundButNeverTheExpectedValue()
      throws IOException {
    String wrong =
        Conversation.echoAnswers()
            .replace("\"value\": " + Conversation.CLIENT_PORT, "\"value\": 43211")
            .replace("\"value\": " + Conversation.CLIENT_ISN, "\"value\": 1");
    Run r = gradeHandshake(handshakeCapture(LinkType.EN10MB, true), wrong);
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.json().get("score")).isEqualTo(12 - 1 - 2);
    String port = r.message("answer_client_port");
    assertThat(port)
        .startsWith("question client_port: your answer '43211' does not agree with frame 1's")
        .contains("> frame 1: 127.0.0.1:[hidden] > 127.0.0.1:10007 TCP [S]")
        .contains("frame 3: ")
        .doesNotContain(String.valueOf(Conversation.CLIENT_PORT));
    assertThat(r.message("answer_client_isn"))
        .contains("question client_isn")
        .doesNotContain(String.valueOf(Conversation.CLIENT_ISN))
        .contains("relative sequence numbers");
  }

  @Test
  void anAnswerCitingTheWrongFrameSaysWhatFrameWasAskedFor() throws IOException {
    String wrongFrame =
        Conversation.echoAnswers()
            .replace("\"server_isn\": {\"frame\": 2", "\"server_isn\": {\"frame\": 1");
    Run r = gradeHandshake(handshakeCapture(LinkType.RAW, false), wrongFrame);
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.message("answer_server_isn"))
        .startsWith(
            "question server_isn: frame 1 is not a TCP segment with flags [S.] from the server on"
                + " port 10007")
        .doesNotContain(String.valueOf(Conversation.SERVER_ISN));
  }

  @Test
  void aCaptureOfAnotherExerciseLosesTheEvidenceWithTheReason() throws IOException {
    Path dnsCapture =
        Conversation.write(
            dir.resolve("dns.pcap"), LinkType.NULL, false, Conversation.dnsQueries(STUDENT));
    Run r = gradeHandshake(dnsCapture, Conversation.echoAnswers());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.message("capture_tcp_handshake_complete"))
        .isEqualTo(
            "complete TCP handshakes (SYN, SYN+ACK, ACK) with port 10007: asked >= 1, the capture"
                + " has 0. start the capture before the client connects, on the loopback"
                + " interface, port 10007");
    assertThat(r.message("answer_client_isn")).startsWith("question client_isn: frame 1 is not");
    assertThat(r.json().get("score")).isEqualTo(1); // the token is in it: the student's own
  }

  @Test
  void aTruncatedCaptureFailsEveryCaseSayingWhereItEndsAndStillWritesTheReports()
      throws IOException {
    Path capture = handshakeCapture(LinkType.LINUX_SLL, true);
    byte[] bytes = Files.readAllBytes(capture);
    Files.write(capture, Arrays.copyOf(bytes, bytes.length - 7));
    Path gradescope = dir.resolve("results.json");
    Run r =
        gradeHandshake(capture, Conversation.echoAnswers(), "--gradescope", gradescope.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.json().get("score")).isEqualTo(0);
    assertThat(r.message("answer_client_isn"))
        .startsWith("the capture " + capture + " cannot be graded: after frame 9: truncated pcapng")
        .contains("Save it again");
    assertThat(Files.readString(gradescope)).contains("cannot be graded");
  }

  @Test
  void aCaptureWithoutTheStudentsTokenLosesTheTokenCase() throws IOException {
    Path someoneElses =
        Conversation.write(
            dir.resolve("other.pcap"),
            LinkType.EN10MB,
            false,
            Conversation.echoConnection("s9999"));
    Run r = gradeHandshake(someoneElses, Conversation.echoAnswers());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.caseNamed("capture_has_student_token").get("points")).isEqualTo(0);
    assertThat(r.message("capture_has_student_token"))
        .contains("asked >= 1, the capture has 0")
        .contains("--student YOUR-ID");
  }

  @Test
  void withoutAnswersTheEvidenceStillScoresAndEachQuestionSaysWhatIsMissing() throws IOException {
    Run r =
        grade(
            handshakeCapture(LinkType.EN10MB, false).toString(),
            "--exercise",
            HANDSHAKE,
            "--student",
            STUDENT,
            "--json");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.json().get("score")).isEqualTo(3);
    assertThat(r.message("answer_client_isn")).contains("--answers FILE");
  }

  @Test
  void anInstructorsOwnExerciseFileIsGradedWithoutJava() throws IOException {
    Path own =
        Files.writeString(
            dir.resolve("retx.json"),
            """
            {"id": "retx-capture", "lab": "tcp", "kind": "observe", "role": "client",
             "title": "Find the retransmission", "params": {"port": 10007},
             "cases": [
              {"name": "capture_retransmission", "number": "1", "points": 2, "timeout_ms": 1000,
               "check": {"evidence": "count", "expect": "== 1",
                         "filter": {"proto": "tcp", "port": "{port}", "retransmission": true}}},
              {"name": "answer_retransmitted_frame_length", "number": "2", "points": 1,
               "timeout_ms": 1000,
               "check": {"question": "retx_len", "field": "tcp.len",
                         "frame": {"proto": "tcp", "retransmission": true}}}
             ]}
            """);
    Path capture = handshakeCapture(LinkType.EN10MB, false);
    String a = "{\"answers\": {\"retx_len\": {\"frame\": 7, \"value\": 32}}}";
    Run r =
        grade(
            capture.toString(),
            "--exercise",
            own.toString(),
            "--answers",
            answers(a).toString(),
            "--student",
            STUDENT,
            "--json");
    assertThat(r.code()).as(r.out()).isZero();
    assertThat(r.json().get("score")).isEqualTo(3);
  }

  @Test
  void badUsageIsOneLineAndExitTwo() throws IOException {
    Path capture = handshakeCapture(LinkType.EN10MB, false);
    Run build = grade(capture.toString(), "--exercise", "tcp-echo-server");
    assertThat(build.code()).isEqualTo(2);
    assertThat(build.err().strip())
        .doesNotContain("\n")
        .contains("tcp-echo-server is a build-it exercise: grade it with 'lab grade run");
    Run missing = grade(dir.resolve("nope.pcap").toString(), "--exercise", HANDSHAKE);
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("no capture file");
    Run badAnswers =
        grade(capture.toString(), "--exercise", HANDSHAKE, "--answers", answers("[1]").toString());
    assertThat(badAnswers.code()).isEqualTo(2);
    assertThat(badAnswers.err().strip()).doesNotContain("\n").contains("answers file");
    Path badExercise =
        Files.writeString(
            dir.resolve("bad.json"),
            "{\"id\": \"x\", \"lab\": \"tcp\", \"kind\": \"observe\", \"role\": \"client\","
                + " \"title\": \"t\", \"cases\": [{\"name\": \"c\", \"number\": \"1\", \"points\": 1,"
                + " \"timeout_ms\": 1000, \"check\": {\"evidence\": \"count\","
                + " \"filter\": {\"protocol\": \"tcp\"}}}]}");
    Run bad = grade(capture.toString(), "--exercise", badExercise.toString());
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("case c.check.filter: unknown filter key 'protocol'");
  }
}
