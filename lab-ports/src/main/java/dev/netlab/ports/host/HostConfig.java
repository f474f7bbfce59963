package dev.netlab.ports.host;

import java.net.InetAddress;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What {@link HostServer} serves and where.
 *
 * @param bind the address every socket binds (127.0.0.1 by default)
 * @param services the services to serve, each over TCP and, where its RFC defines it, UDP
 * @param offset each service listens on offset + its well-known number; null binds every socket to
 *     port 0, a free port the kernel picks (tests, {@code --port 0})
 * @param limit the bound on open TCP connections and their idle timeout
 * @param clock what daytime, time and the quote of the day read
 */
public record HostConfig(
    InetAddress bind, Set<Service> services, Integer offset, ConnectionLimit limit, Clock clock) {
  public HostConfig {
    Objects.requireNonNull(bind, "bind");
    Objects.requireNonNull(limit, "limit");
    Objects.requireNonNull(clock, "clock");
    if (services.isEmpty()) {
      throw new IllegalArgumentException("no service to serve");
    }
    services = Set.copyOf(EnumSet.copyOf(services));
  }

  /** Every service on a free port of the kernel's choosing, default limits: for tests. */
  public static HostConfig anyPort(InetAddress bind, Set<Service> services) {
    return new HostConfig(
        bind,
        services,
        null,
        new ConnectionLimit(ConnectionLimit.DEFAULT_MAX, ConnectionLimit.DEFAULT_IDLE),
        Clock.systemUTC());
  }

  /** The port {@code service} asks for: offset + well-known number, or 0. */
  int port(Service service) {
    return offset == null ? 0 : service.port(offset);
  }
}
