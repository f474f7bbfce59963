package dev.netlab.common.transport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Native epoll ships for the Linux machines students use: PCs and ARM VMs (Apple silicon). */
class NativeEpollTest {
  @ParameterizedTest
  @ValueSource(strings = {"x86_64", "aarch_64"})
  void theNativeLibraryIsOnTheClasspathFor(String arch) {
    String library = "META-INF/native/libnetty_transport_native_epoll_" + arch + ".so";
    assertThat(getClass().getClassLoader().getResource(library)).as(library).isNotNull();
  }
}
