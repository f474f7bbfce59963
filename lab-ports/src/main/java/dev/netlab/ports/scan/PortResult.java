package dev.netlab.ports.scan;

/**
 * One port's outcome.
 *
 * @param protocol {@code tcp} or {@code udp}
 * @param tries probes sent (UDP retries, TCP re-probes after a self-connect)
 */
public record PortResult(String protocol, int port, PortState state, Reason reason, int tries) {}
