package dev.netlab.common.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netlab.common.transport.Transport;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine.TypeConversionException;

@Timeout(30)
class ConvertersTest {
  @Test
  void acceptsEveryPortFromZeroTo65535() {
    assertThat(Converters.port("0")).isZero();
    assertThat(Converters.port("65535")).isEqualTo(65535);
  }

  @Test
  void rejectsPortOutOfRangeWithTheRange() {
    assertThatThrownBy(() -> Converters.port("65536"))
        .isInstanceOf(TypeConversionException.class)
        .hasMessageContaining("port 65536 is out of range")
        .hasMessageContaining("0-65535");
    assertThatThrownBy(() -> Converters.port("-1")).hasMessageContaining("out of range");
    assertThatThrownBy(() -> Converters.port("http"))
        .hasMessage("'http' is not a port number: use a number from 0 to 65535");
  }

  @Test
  void rejectsUnknownHostWithWhatToType() {
    assertThatThrownBy(() -> Converters.host("no-such-host.invalid"))
        .isInstanceOf(TypeConversionException.class)
        .hasMessageContaining("unknown host 'no-such-host.invalid'")
        .hasMessageContaining("127.0.0.1");
  }

  @Test
  void parsesDurationsWithUnits() {
    assertThat(Converters.duration("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Converters.duration("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(Converters.duration("3")).isEqualTo(Duration.ofSeconds(3));
    assertThat(Converters.duration("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(Converters.duration("PT1S")).isEqualTo(Duration.ofSeconds(1));
    assertThatThrownBy(() -> Converters.duration("soon")).hasMessageContaining("500ms, 3s");
  }

  @Test
  void parsesSizesInBinaryUnits() {
    assertThat(Converters.size("1000")).isEqualTo(1000);
    assertThat(Converters.size("64K")).isEqualTo(65536);
    assertThat(Converters.size("64M")).isEqualTo(64L << 20);
    assertThat(Converters.size("1G")).isEqualTo(1L << 30);
    assertThat(Converters.size("2MiB")).isEqualTo(2L << 20);
    assertThatThrownBy(() -> Converters.size("lots")).hasMessageContaining("64M");
  }

  @Test
  void parsesHoursAndTrimsSpaces() {
    assertThat(Converters.duration(" 2h ")).isEqualTo(Duration.ofHours(2));
    assertThat(Converters.duration("0.5m")).isEqualTo(Duration.ofSeconds(30));
    assertThat(Converters.duration("pt0.25s")).isEqualTo(Duration.ofMillis(250));
    assertThat(Converters.size(" 3k ")).isEqualTo(3072);
    assertThat(Converters.size("5g")).isEqualTo(5L << 30);
    assertThat(Converters.port(" 80 ")).isEqualTo(80);
  }

  @Test
  void resolvesLiteralAddressesWithoutAResolver() throws Exception {
    assertThat(Converters.host("127.0.0.1")).isEqualTo(InetAddress.getByName("127.0.0.1"));
    assertThat(Converters.host("::1")).isEqualTo(InetAddress.getByName("::1"));
  }

  @Test
  void picocliConvertersDelegateToTheParsers() throws Exception {
    assertThat(new Converters.Port().convert("10009")).isEqualTo(10009);
    assertThat(new Converters.Host().convert("127.0.0.1"))
        .isEqualTo(InetAddress.getByName("127.0.0.1"));
    assertThat(new Converters.Time().convert("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(new Converters.Size().convert("2K")).isEqualTo(2048L);
    assertThat(new Converters.TransportName().convert("NIO")).isEqualTo(Transport.NIO);
    assertThatThrownBy(() -> new Converters.TransportName().convert("dpdk"))
        .isInstanceOf(TypeConversionException.class)
        .hasMessage("unknown transport 'dpdk': use auto, nio or epoll");
  }

  @Test
  void aSizeTooLargeForALongSaysSoInsteadOfLeakingAnException() {
    assertThatThrownBy(() -> Converters.size("99999999999999999999"))
        .isInstanceOf(TypeConversionException.class)
        .hasMessage(
            "'99999999999999999999' is too large for a size: use at most " + Long.MAX_VALUE);
    assertThatThrownBy(() -> Converters.size("99999999999T")).hasMessageContaining("too large");
    assertThat(Converters.size("8191T")).isEqualTo(8191L << 40);
    assertThat(Converters.size("1.5M")).isEqualTo(3L << 19);
  }

  @Test
  void anIntSizeTakesTheSameUnitsAndTheSameMessage() {
    assertThat(Converters.intSize("1K")).isEqualTo(1024);
    assertThatThrownBy(() -> Converters.intSize("lots"))
        .hasMessage("'lots' is not a size: use a byte count such as 1000, 64K, 64M or 1G");
    assertThatThrownBy(() -> Converters.intSize("3G")).hasMessageContaining("at most 2147483647");
  }

  @Test
  void ratesAreDecimalAsInEveryNetworkTool() {
    assertThat(Converters.rate("10M")).isEqualTo(10_000_000);
    assertThat(Converters.rate("5k")).isEqualTo(5_000);
    assertThat(Converters.rate("1.5G")).isEqualTo(1_500_000_000);
    assertThat(Converters.rate("100Mbit")).isEqualTo(100_000_000);
    assertThat(Converters.rate("2000")).isEqualTo(2000);
    assertThat(Converters.rateOrMax("max")).isZero();
    assertThat(Converters.rateOrMax("20k")).isEqualTo(20_000);
    assertThatThrownBy(() -> Converters.rate("0")).hasMessageContaining("leave the option out");
    assertThatThrownBy(() -> Converters.rate("-1")).hasMessageContaining("is not a rate");
    assertThatThrownBy(() -> Converters.rateOrMax("fast")).hasMessageContaining("10M");
  }

  @Test
  void durationsAreNeverNegativeAndTimeoutsNeverZero() {
    assertThat(Converters.duration("0")).isZero();
    assertThatThrownBy(() -> Converters.duration("PT-1S")).hasMessageContaining("negative");
    assertThatThrownBy(() -> Converters.positiveDuration("0"))
        .hasMessage("'0' is no time at all: use a duration above 0, such as 500ms, 3s or 2m");
    assertThatThrownBy(() -> Converters.positiveDuration("0ms")).hasMessageContaining("above 0");
    assertThat(Converters.positiveDuration("1ms")).isEqualTo(Duration.ofMillis(1));
    assertThatThrownBy(() -> Converters.duration("99999999999999h"))
        .hasMessageContaining("too long");
  }

  @Test
  void countsAreWholeNumbersOfOneOrMore() {
    assertThat(Converters.count("10")).isEqualTo(10);
    assertThatThrownBy(() -> Converters.count("0")).hasMessage("'0' is too few: use 1 or more");
    assertThatThrownBy(() -> Converters.count("1.5")).hasMessageContaining("whole number");
    assertThatThrownBy(() -> new Converters.IntCount().convert("3000000000"))
        .hasMessageContaining("at most 2147483647");
  }

  @Test
  void theBoundsThemselvesAreAccepted() throws Exception {
    assertThat(Converters.count("1")).isEqualTo(1);
    assertThat(Converters.rate("1")).isEqualTo(1);
    assertThatThrownBy(() -> Converters.rate("0.4")).hasMessageContaining("no rate at all");
    assertThat(Converters.intSize(String.valueOf(Integer.MAX_VALUE))).isEqualTo(Integer.MAX_VALUE);
    assertThatThrownBy(() -> Converters.intSize(String.valueOf(Integer.MAX_VALUE + 1L)))
        .hasMessageContaining("too large here");
    assertThat(Converters.size(String.valueOf(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
    assertThat(new Converters.IntCount().convert(String.valueOf(Integer.MAX_VALUE)))
        .isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void everyPicocliConverterDelegatesToItsParser() throws Exception {
    assertThat(new Converters.PositiveTime().convert("2s")).isEqualTo(Duration.ofSeconds(2));
    assertThat(new Converters.IntSize().convert("2K")).isEqualTo(2048);
    assertThat(new Converters.Rate().convert("2k")).isEqualTo(2000);
    assertThat(new Converters.RateOrMax().convert("3k")).isEqualTo(3000);
    assertThat(new Converters.Count().convert("7")).isEqualTo(7);
    assertThat(new Converters.IntCount().convert("8")).isEqualTo(8);
  }
}
