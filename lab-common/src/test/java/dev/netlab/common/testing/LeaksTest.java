package dev.netlab.common.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The leak check every test runs after it: each test here leaks on purpose and runs the check
 * itself, which consumes the report, so the check after the test finds nothing.
 */
@Timeout(60)
class LeaksTest {
  @Test
  void testsRunWithTheLeakDetectorAtParanoid() {
    assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.PARANOID);
  }

  @Test
  void aBufferDroppedUnreleasedIsReportedWithWhereItWasAllocated() {
    leakOneBuffer("dropped by aBufferDroppedUnreleased");

    assertThat(Leaks.collect())
        .singleElement()
        .asString()
        .startsWith("LEAK: ByteBuf.release() was not called")
        .contains("dropped by aBufferDroppedUnreleased")
        .contains("Created at:")
        .contains(LeaksTest.class.getName() + ".leakOneBuffer(");
  }

  @Test
  void theCheckFailsNamingTheLeaksRecords() {
    leakOneBuffer("dropped by theCheckFails");

    assertThatThrownBy(() -> Leaks.assertNone("theCheckFails"))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("Netty reported 1 leak(s) after theCheckFails")
        .hasMessageContaining("dropped by theCheckFails")
        .hasMessageContaining(LeaksTest.class.getName() + ".leakOneBuffer(");
  }

  @Test
  void aReleasedBufferIsNotReported() {
    ByteBuf buf = ByteBufAllocator.DEFAULT.directBuffer(16);
    buf.writeInt(42);
    buf.release();

    assertThat(Leaks.collect()).isEmpty();
  }

  /** Returns before the check, so nothing keeps the buffer reachable. */
  private static void leakOneBuffer(String hint) {
    ByteBuf buf = ByteBufAllocator.DEFAULT.directBuffer(16);
    buf.writeInt(42);
    buf.touch(hint);
  }
}
