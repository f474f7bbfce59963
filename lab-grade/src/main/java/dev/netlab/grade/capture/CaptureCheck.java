package dev.netlab.grade.capture;

import dev.netlab.grade.Messages;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One case of an observe exercise, as declared under its {@code "check"} key: either evidence the
 * capture must hold (a count of frames, a complete handshake, the student's token) or a question
 * the student answers from a frame they cite. docs/grading.md lists the vocabulary.
 */
public sealed interface CaptureCheck {
  /** Keys an evidence check may have. */
  Set<String> EVIDENCE_KEYS = Set.of("evidence", "filter", "port", "expect", "message");

  /** Keys a question may have. */
  Set<String> QUESTION_KEYS = Set.of("question", "frame", "field", "message");

  /** What one check concluded. */
  record Verdict(boolean passed, String message) {}

  Verdict grade(CaptureView view, Answers answers, String answersName);

  /** A check from its declaration; throws naming the case, the key and what it expects. */
  @SuppressWarnings("unchecked")
  static CaptureCheck parse(Map<String, Object> m, Bindings b, String where) {
    boolean question = m.containsKey("question");
    Set<String> keys = question ? QUESTION_KEYS : EVIDENCE_KEYS;
    for (String k : m.keySet()) {
      if (!keys.contains(k)) {
        throw new IllegalArgumentException(
            where + ": unknown key '" + k + "'; expected one of " + new java.util.TreeSet<>(keys));
      }
    }
    String message = m.get("message") == null ? "" : b.fill(String.valueOf(m.get("message")));
    if (question) {
      if (!(m.get("frame") instanceof Map<?, ?> frame)) {
        throw new IllegalArgumentException(where + ": a question needs \"frame\": {filter}");
      }
      return new Question(
          String.valueOf(m.get("question")),
          FrameFilter.parse((Map<String, Object>) frame, b, where + ".frame"),
          FrameField.named(String.valueOf(m.get("field")), where + ".field"),
          message);
    }
    Evidence.Kind kind = Evidence.Kind.named(String.valueOf(m.get("evidence")), where);
    Evidence evidence =
        switch (kind) {
          case COUNT -> {
            if (!(m.get("filter") instanceof Map<?, ?> filter)) {
              throw new IllegalArgumentException(where + ": evidence count needs \"filter\"");
            }
            yield Evidence.count(
                FrameFilter.parse((Map<String, Object>) filter, b, where + ".filter"));
          }
          case TCP_HANDSHAKE -> Evidence.handshake(b.port(m.get("port"), where + ".port"));
          case TCP_TEARDOWN -> Evidence.teardown(b.port(m.get("port"), where + ".port"));
          case STUDENT_TOKEN -> Evidence.token(b.token());
          case UDP_SEQUENCE_GAPS -> Evidence.sequenceGaps(b.port(m.get("port"), where + ".port"));
        };
    Expectation expect =
        Expectation.parse(
            m.get("expect") == null ? ">= 1" : String.valueOf(m.get("expect")), where);
    return new EvidenceCheck(evidence, expect, message);
  }

  /** Evidence the capture must hold, counted and compared with the expectation. */
  record EvidenceCheck(Evidence evidence, Expectation expect, String message)
      implements CaptureCheck {
    @Override
    public Verdict grade(CaptureView view, Answers answers, String answersName) {
      int seen = evidence.count(view);
      if (expect.holds(seen)) {
        return new Verdict(
            true, Messages.get("capture.evidence_passed", evidence.what(), seen, expect));
      }
      return new Verdict(
          false,
          Messages.get("capture.evidence_failed", evidence.what(), expect, seen, message).strip());
    }
  }

  /** A question: the cited frame must be the kind asked for, and the answer its field's value. */
  record Question(String id, FrameFilter frame, FrameField field, String message)
      implements CaptureCheck {
    @Override
    public Verdict grade(CaptureView view, Answers answers, String answersName) {
      if (!answers.given()) {
        return new Verdict(false, Messages.get("capture.no_answers", id));
      }
      Answers.Answer a = answers.get(id);
      if (a == null) {
        return new Verdict(false, Messages.get("capture.answer_missing", id, answersName, id));
      }
      if (a.frame() < 0) {
        return new Verdict(false, Messages.get("capture.answer_no_frame", id));
      }
      if (a.frame() == 0 || a.frame() > view.size()) {
        return new Verdict(
            false, Messages.get("capture.answer_frame_range", id, a.frame(), view.size()));
      }
      CapturedFrame cited = view.frame(a.frame());
      String expected = field.value(cited).orElse(null);
      if (!frame.matches(cited) || expected == null) {
        String hide = firstExpected(view);
        return new Verdict(
            false,
            Messages.get(
                "capture.answer_wrong_frame",
                id,
                a.frame(),
                frame.describe(),
                a.frame(),
                FrameSummary.around(view, a.frame(), hide)));
      }
      if (field.agrees(expected, a.value())) {
        return new Verdict(true, Messages.get("capture.answer_passed", id, a.frame()));
      }
      return new Verdict(
          false,
          (Messages.get(
                      "capture.answer_wrong",
                      id,
                      a.value(),
                      a.frame(),
                      field.wiresharkName(),
                      a.frame(),
                      FrameSummary.around(view, a.frame(), expected))
                  + "\n"
                  + message)
              .strip());
    }

    /** The value the first frame of the asked kind holds: hidden from the context too. */
    private String firstExpected(CaptureView view) {
      List<CapturedFrame> matching = view.frames().stream().filter(frame::matches).toList();
      return matching.isEmpty() ? null : field.value(matching.get(0)).orElse(null);
    }
  }
}
