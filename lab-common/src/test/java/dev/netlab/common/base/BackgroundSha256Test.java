package dev.netlab.common.base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class BackgroundSha256Test {
  /** Runs the hashing only when the test says so: a helper thread that has fallen behind. */
  private final Queue<Runnable> helper = new ArrayDeque<>();

  private void runHelper() {
    while (!helper.isEmpty()) {
      helper.poll().run();
    }
  }

  @Test
  void hashesEverythingOfferedInOrderOnTheSharedHelpers() throws Exception {
    MessageDigest expected = Sha256.newDigest();
    List<ByteBuf> offered = new ArrayList<>();
    Random random = new Random(3);
    BackgroundSha256 sha =
        new BackgroundSha256(BackgroundSha256.helpers(), Long.MAX_VALUE, () -> {});
    for (int i = 0; i < 200; i++) {
      byte[] bytes = new byte[random.nextInt(70_000)];
      random.nextBytes(bytes);
      expected.update(bytes);
      ByteBuf buf = Unpooled.directBuffer(bytes.length).writeBytes(bytes);
      offered.add(buf);
      assertThat(sha.offer(buf)).isTrue();
    }
    String hex = sha.finish().get(30, TimeUnit.SECONDS);
    assertThat(hex).isEqualTo(HexFormat.of().formatHex(expected.digest()));
    assertThat(offered).allMatch(b -> b.refCnt() == 0, "released once hashed");
    assertThat(sha.queuedBytes()).isZero();
  }

  @Test
  void saysStopAtTheBoundAndCallsOnRoomOnceHalfDrained() {
    AtomicInteger rooms = new AtomicInteger();
    BackgroundSha256 sha = new BackgroundSha256(helper::add, 4000, rooms::incrementAndGet);
    assertThat(sha.offer(Unpooled.buffer().writeZero(1000))).isTrue();
    assertThat(sha.offer(Unpooled.buffer().writeZero(2000))).isTrue();
    assertThat(sha.offer(Unpooled.buffer().writeZero(1000))).as("4000 bytes queued").isFalse();
    assertThat(sha.queuedBytes()).isEqualTo(4000);
    assertThat(rooms).hasValue(0);

    runHelper();
    assertThat(sha.queuedBytes()).isZero();
    assertThat(rooms).as("onRoom calls").hasValue(1);
    sha.finish();
    runHelper();
    assertThat(sha.finish()).isCompleted();
  }

  @Test
  void closeReleasesWhatWaitsAndFailsTheDigest() {
    BackgroundSha256 sha = new BackgroundSha256(helper::add, 1 << 20, () -> {});
    ByteBuf a = Unpooled.directBuffer().writeZero(100);
    ByteBuf b = Unpooled.directBuffer().writeZero(100);
    sha.offer(a);
    sha.offer(b);
    sha.close();
    runHelper();
    assertThat(a.refCnt()).isZero();
    assertThat(b.refCnt()).isZero();
    assertThatThrownBy(() -> sha.finish().get())
        .isInstanceOf(ExecutionException.class)
        .hasMessageContaining("closed");
    ByteBuf late = Unpooled.buffer().writeZero(1);
    assertThatThrownBy(() -> sha.offer(late)).isInstanceOf(IllegalStateException.class);
    assertThat(late.refCnt()).isZero();
  }

  @Test
  void closeAfterFinishLetsTheHashComplete() throws Exception {
    BackgroundSha256 sha = new BackgroundSha256(helper::add, 1 << 20, () -> {});
    sha.offer(Unpooled.wrappedBuffer(new byte[] {'a', 'b', 'c'}));
    var digest = sha.finish();
    sha.close();
    runHelper();
    assertThat(digest.get())
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }
}
