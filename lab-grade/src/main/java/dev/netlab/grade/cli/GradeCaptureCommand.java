package dev.netlab.grade.cli;

import dev.netlab.common.base.LabException;
import dev.netlab.common.base.StudentToken;
import dev.netlab.grade.Messages;
import dev.netlab.grade.capture.Answers;
import dev.netlab.grade.capture.Bindings;
import dev.netlab.grade.capture.CaptureCheck;
import dev.netlab.grade.capture.CaptureGrader;
import dev.netlab.grade.capture.CaptureRubric;
import dev.netlab.grade.capture.CaptureView;
import dev.netlab.grade.engine.GradeReport;
import dev.netlab.grade.engine.StudentSeed;
import dev.netlab.grade.exercise.Exercise;
import dev.netlab.grade.exercise.Exercises;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lab grade capture FILE --exercise ID [--answers FILE]}: the capture grader. */
@Command(
    name = "capture",
    description = {
      "Grades a student's capture (pcap or pcapng, from Wireshark, tcpdump, 'lab ... --pcap' or"
          + " scripts/capture.sh) against an observe exercise: the evidence each question needs"
          + " must be in it, it must carry the student's token (run the lab commands with"
          + " --student ID), and each answer must agree with the frame it cites.",
      "Exit 0 only on full marks; 1 when any case lost points; 2 on bad usage."
    },
    mixinStandardHelpOptions = true,
    footer = {
      "",
      "Examples:",
      "  lab grade capture hs.pcapng --exercise tcp-handshake-capture \\",
      "      --student s1234 --answers answers.json",
      "  lab grade capture dns.pcap --exercise my-course/dns-ttl.json --answers a.json",
      "",
      "Answers file: {\"answers\": {\"client_isn\": {\"frame\": 1, \"value\": 3211377200}}}"
    })
public final class GradeCaptureCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "FILE", description = "The student's capture.")
  Path capture;

  @Option(
      names = "--exercise",
      required = true,
      paramLabel = "ID",
      description = "An observe exercise's id, or the path of an exercise file of your own.")
  String exerciseId;

  @Option(
      names = "--answers",
      paramLabel = "FILE",
      description = "The student's answers (JSON), each citing its frame number.")
  Path answersFile;

  @Option(
      names = "--student",
      paramLabel = "ID",
      defaultValue = StudentSeed.PRACTICE_STUDENT,
      description =
          "The student's id: the capture must carry its token (default: ${DEFAULT-VALUE}).")
  String student;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description = "The server port the student captured (default: the exercise's own).")
  Integer port;

  @Mixin ReportOptions reports;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    reports.applyLang(out);
    String[] source = new String[1];
    Exercise exercise = exercise(out, source);
    if (exercise.kind() != Exercise.Kind.OBSERVE) {
      throw usage(out, Messages.get("capture.not_observe", exercise.id()));
    }
    String token = StudentToken.of(student);
    int serverPort = port != null ? port : CaptureRubric.defaultPort(exercise.params());
    Map<String, CaptureCheck> checks;
    try {
      checks = CaptureRubric.parse(source[0], new Bindings(serverPort, token));
    } catch (IllegalArgumentException e) {
      throw usage(out, Messages.get("capture.bad_exercise", exerciseId, e.getMessage()));
    }
    if (!Files.isRegularFile(capture)) {
      throw usage(out, Messages.get("capture.no_file", capture));
    }
    Answers answers = answers(out);
    Optional<CaptureView> view;
    String unreadable = null;
    List<String> notes;
    try {
      CaptureView v = CaptureView.read(capture, Set.of(serverPort));
      view = Optional.of(v);
      notes =
          List.of(
              Messages.get(
                  "capture.read", capture, v.format(), v.size(), String.join(", ", v.linkTypes())),
              Messages.get("capture.token", student, token));
    } catch (IOException e) {
      view = Optional.empty();
      unreadable = Messages.get("capture.unreadable", capture, e.getMessage());
      notes = List.of(unreadable);
    }
    GradeReport report =
        new CaptureGrader(exercise, checks, student, token)
            .grade(
                view,
                unreadable,
                answers,
                answersFile == null ? "" : answersFile.getFileName().toString(),
                reports.due(exercise, out),
                reports.showHidden,
                notes);
    reports.write(report, out);
    return report.fullMarks() ? 0 : LabException.RUNTIME;
  }

  /** The exercise and its file's text: a built-in id, or a file of the instructor's own. */
  private Exercise exercise(PrintWriter out, String[] source) {
    Path own = Path.of(exerciseId);
    if (exerciseId.endsWith(".json")) {
      try {
        source[0] = Files.readString(own, StandardCharsets.UTF_8);
        return Exercises.parse(source[0]);
      } catch (IOException | IllegalArgumentException e) {
        throw usage(out, Messages.get("capture.bad_exercise", exerciseId, e.getMessage()));
      }
    }
    Exercises all = Exercises.builtIn();
    Exercise e = ExerciseShowCommand.find(all, exerciseId, out, reports.json);
    source[0] = all.source(e.id());
    return e;
  }

  private Answers answers(PrintWriter out) {
    if (answersFile == null) {
      return Answers.none();
    }
    try {
      return Answers.parse(Files.readString(answersFile, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw usage(out, Messages.get("capture.bad_answers", answersFile, "cannot read it"));
    } catch (IllegalArgumentException e) {
      throw usage(out, Messages.get("capture.bad_answers", answersFile, e.getMessage()));
    }
  }

  private LabException usage(PrintWriter out, String message) {
    return reports.json.fail(out, LabException.usage(message));
  }
}
