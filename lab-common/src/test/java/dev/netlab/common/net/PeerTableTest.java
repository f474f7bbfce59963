package dev.netlab.common.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PeerTableTest {
  private static final long SECOND = 1_000_000_000L;

  private final List<String> gone = new ArrayList<>();

  private PeerTable<String, String> table(int capacity) {
    return new PeerTable<>(
        "peer",
        capacity,
        Duration.ofSeconds(10),
        Duration.ofSeconds(2),
        (k, v, why) -> gone.add(k + "=" + v + ":" + why));
  }

  @Test
  void aPeerQuietForTheIdleTimeoutExpiresOthersStay() {
    PeerTable<String, String> t = table(8);
    t.getOrCreate("a", 0, k -> "A");
    t.getOrCreate("b", 5 * SECOND, k -> "B");
    assertThat(t.expire(10 * SECOND - 1)).isZero();
    assertThat(t.expire(10 * SECOND)).isEqualTo(1);
    assertThat(gone).containsExactly("a=A:EXPIRED");
    assertThat(t.size()).isEqualTo(1);
    assertThat(t.expired()).isEqualTo(1);
    assertThat(t.peek("b")).isEqualTo("B");
  }

  @Test
  void hearingFromAPeerKeepsItAlive() {
    PeerTable<String, String> t = table(8);
    t.getOrCreate("a", 0, k -> "A");
    assertThat(t.get("a", 9 * SECOND)).isEqualTo("A");
    assertThat(t.expire(18 * SECOND)).isZero();
    assertThat(t.get("a", 19 * SECOND - 1)).isEqualTo("A");
  }

  @Test
  void getOfAnExpiredPeerDropsItAndSaysSo() {
    PeerTable<String, String> t = table(8);
    t.getOrCreate("a", 0, k -> "A");
    assertThat(t.get("a", 10 * SECOND)).isNull();
    assertThat(gone).containsExactly("a=A:EXPIRED");
    assertThat(t.size()).isZero();
    assertThat(t.getOrCreate("a", 10 * SECOND, k -> "A2")).isEqualTo("A2");
  }

  @Test
  void aFullTableOfRecentPeersEvictsOneHeardFromOnce() {
    PeerTable<String, String> t = table(2);
    t.getOrCreate("a", 0, k -> "A");
    t.getOrCreate("b", 1, k -> "B");
    t.get("b", 2); // b active: heard twice
    assertThat(t.getOrCreate("c", 3, k -> "C")).isEqualTo("C");
    assertThat(gone).containsExactly("a=A:EVICTED");
    assertThat(t.evicted()).isEqualTo(1);
    assertThat(t.refused()).isZero();
    assertThat(t.peek("b")).isEqualTo("B");
  }

  @Test
  void aFullTableOfActivePeersRefusesANewOneUntilTheIdlestHasBeenQuietForTheProtectionTime() {
    PeerTable<String, String> t = table(2);
    t.getOrCreate("a", 0, k -> "A");
    t.get("a", 1);
    t.getOrCreate("b", 1, k -> "B");
    t.get("b", SECOND);
    assertThat(t.getOrCreate("c", 2 * SECOND - 1, k -> "C")).isNull();
    assertThat(t.refused()).isEqualTo(1);
    assertThat(gone).isEmpty();
    // a has now been quiet for 2 s: it goes, not b (heard from at 1 s)
    assertThat(t.getOrCreate("c", 2 * SECOND + 1, k -> "C")).isEqualTo("C");
    assertThat(gone).containsExactly("a=A:EVICTED");
    assertThat(t.size()).isEqualTo(2);
  }

  @Test
  void aFullTableDropsExpiredPeersBeforeEvicting() {
    PeerTable<String, String> t = table(2);
    t.getOrCreate("a", 0, k -> "A");
    t.getOrCreate("b", 9 * SECOND, k -> "B");
    t.get("b", 9 * SECOND + 1);
    assertThat(t.getOrCreate("c", 10 * SECOND, k -> "C")).isEqualTo("C");
    assertThat(gone).containsExactly("a=A:EXPIRED");
    assertThat(t.evicted()).isZero();
  }

  @Test
  void removeAndClearTellTheOwner() {
    PeerTable<String, String> t = table(4);
    t.getOrCreate("a", 0, k -> "A");
    t.getOrCreate("b", 0, k -> "B");
    assertThat(t.remove("a")).isEqualTo("A");
    assertThat(t.remove("a")).isNull();
    t.clear();
    assertThat(gone).containsExactly("a=A:REMOVED", "b=B:CLEARED");
    assertThat(t.size()).isZero();
    assertThat(t.toJson())
        .containsEntry("peers", 0)
        .containsEntry("peers_max", 4)
        .containsEntry("peers_evicted", 0L);
  }

  @Test
  void aFloodOfOneDatagramPeersNeverGrowsTheTableAndOnlyChurnsItself() {
    PeerTable<String, String> t = table(64);
    t.getOrCreate("real", 0, k -> "R");
    for (int i = 0; i < 10_000; i++) {
      t.get("real", i);
      assertThat(t.getOrCreate("x" + i, i, k -> "X")).isNotNull();
    }
    assertThat(t.size()).isEqualTo(64);
    assertThat(t.peek("real")).isEqualTo("R");
    assertThat(t.evicted()).isEqualTo(10_000 - 63);
  }

  @Test
  void aFloodOfFreshPeersPushesOutOnlyItsOwnNotAPeerBetweenItsFirstAndSecondDatagram() {
    PeerTable<String, String> t = table(64);
    t.getOrCreate("legit", 0, k -> "L"); // a SYN answered; its first DATA is on the way
    for (int i = 0; i < 1000; i++) {
      assertThat(t.getOrCreate("forged" + i, 1 + i, k -> "F")).isNotNull();
    }
    assertThat(t.get("legit", 2000)).isEqualTo("L");
    assertThat(t.size()).isEqualTo(64);
    assertThat(gone).noneMatch(g -> g.startsWith("legit"));
  }

  @Test
  void aQuietPeerGoesBeforeAFreshOne() {
    PeerTable<String, String> t = table(2);
    t.getOrCreate("old", 0, k -> "O");
    t.getOrCreate("fresh", 3 * SECOND, k -> "F");
    assertThat(t.getOrCreate("new", 3 * SECOND + 1, k -> "N")).isEqualTo("N");
    assertThat(gone).containsExactly("old=O:EVICTED");
  }

  @Test
  void nonsenseLimitsAreRefused() {
    assertThatThrownBy(() -> table(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PeerLimits(1, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
