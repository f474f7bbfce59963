package dev.netlab.ports.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The byte formats of chargen (RFC 864), time (RFC 868), daytime (RFC 867) and qotd (RFC 865). */
class WireFormatsTest {
  @Test
  void chargenLineZeroIsTheFirst72PrintableCharactersAndCrLf() {
    assertThat(Chargen.text(0))
        .isEqualTo(" !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefg");
    byte[] line = Chargen.line(0);
    assertThat(line).hasSize(74);
    assertThat(line[72]).isEqualTo((byte) '\r');
    assertThat(line[73]).isEqualTo((byte) '\n');
  }

  @Test
  void chargenLineOneStartsOneCharacterLaterAndTheRingWrapsAfterTilde() {
    assertThat(Chargen.text(1)).startsWith("!\"#").endsWith("efgh");
    // line 94 starts at '~', the last printable character, then wraps to space
    assertThat(Chargen.text(94)).startsWith("~ !\"");
    assertThat(Chargen.line(95)).isEqualTo(Chargen.line(0));
  }

  @Property
  void chargenLineNHoldsCharacterNPlusIModulo95(
      @ForAll @LongRange(min = 0, max = 1_000_000) long n) {
    byte[] line = Chargen.line(n);
    for (int i = 0; i < Chargen.LINE_LENGTH; i++) {
      assertThat(line[i]).isEqualTo((byte) (' ' + (n + i) % 95));
    }
  }

  @Test
  void chargenCycleIsLinesZeroTo94InOrder() {
    byte[] cycle = Chargen.cycle();
    assertThat(cycle).hasSize(Chargen.CYCLE_BYTES);
    for (int n = 0; n < Chargen.RING; n++) {
      byte[] line = java.util.Arrays.copyOfRange(cycle, n * 74, n * 74 + 74);
      assertThat(line).isEqualTo(Chargen.line(n));
    }
  }

  /** RFC 868's own examples. */
  @Test
  void timeMatchesTheRfcsExamples() {
    assertThat(seconds(TimeFormat.encode(at(1970, 1, 1)))).isEqualTo(2_208_988_800L);
    assertThat(seconds(TimeFormat.encode(at(1976, 1, 1)))).isEqualTo(2_398_291_200L);
    assertThat(seconds(TimeFormat.encode(at(1980, 1, 1)))).isEqualTo(2_524_521_600L);
    assertThat(seconds(TimeFormat.encode(at(1983, 5, 1)))).isEqualTo(2_629_584_000L);
  }

  @Test
  void timeIsBigEndian() {
    // 2,208,988,800 = 0x83AA7E80: most significant byte first
    assertThat(TimeFormat.encode(at(1970, 1, 1)))
        .containsExactly((byte) 0x83, (byte) 0xAA, (byte) 0x7E, (byte) 0x80);
  }

  @Property
  void timeRoundTripsToTheSecondBefore2036(
      @ForAll @LongRange(min = -2_208_988_800L, max = 2_085_978_495L) long epochSecond) {
    Instant t = Instant.ofEpochSecond(epochSecond);
    assertThat(TimeFormat.decode(TimeFormat.encode(t))).isEqualTo(t);
  }

  @Test
  void timeAnswerOfAnotherLengthIsRefused() {
    assertThatThrownBy(() -> TimeFormat.decode(new byte[5]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a time answer is 4 bytes; got 5");
  }

  @Test
  void daytimeIsTheRfcsSuggestedSyntaxInUtc() {
    assertThat(Daytime.line(Instant.parse("1982-02-22T17:37:43Z")))
        .isEqualTo("Monday, February 22, 1982 17:37:43-UTC\r\n");
  }

  @Test
  void everyQuoteIsPrintableAsciiWithCrLfLinesUnder512Characters() {
    for (String q : Quotes.QUOTES) {
      assertThat(q.length()).isLessThan(Quotes.MAX_LENGTH);
      assertThat(q).endsWith("\r\n").matches("(?s)[\\x20-\\x7E\r\n]*");
      assertThat(q.replace("\r\n", "")).doesNotContain("\r").doesNotContain("\n");
    }
  }

  @Test
  void theQuoteChangesWithTheDayNotWithTheRequest() {
    Instant morning = Instant.parse("2026-11-25T00:00:01Z");
    assertThat(Quotes.of(morning)).isEqualTo(Quotes.of(Instant.parse("2026-11-25T23:59:59Z")));
    assertThat(Quotes.of(morning)).isNotEqualTo(Quotes.of(Instant.parse("2026-11-26T00:00:01Z")));
  }

  private static Instant at(int y, int m, int d) {
    return LocalDate.of(y, m, d).atStartOfDay().toInstant(ZoneOffset.UTC);
  }

  private static long seconds(byte[] b) {
    return java.nio.ByteBuffer.wrap(b).getInt() & 0xFFFF_FFFFL;
  }
}
