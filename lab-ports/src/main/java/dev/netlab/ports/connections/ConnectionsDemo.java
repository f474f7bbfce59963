package dev.netlab.ports.connections;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The PORT-1 scene on loopback: one server port and N clients connected to it, plus one client
 * talking to several servers at once, over plain blocking sockets (nothing hides the kernel's
 * choices). The multi-server client binds all its sockets to one local port (SO_REUSEADDR): only
 * the whole 4-tuple must be unique, so one client port can reach many servers.
 */
public final class ConnectionsDemo implements AutoCloseable {
  /** Connections the demo server keeps at most (watch mode takes connections by hand). */
  public static final int MAX_ACCEPTED = 1024;

  private final InetAddress loopback = InetAddress.getLoopbackAddress();
  private final ServerSocket server;
  private final List<ServerSocket> others = new ArrayList<>();
  private final List<Socket> clients = new ArrayList<>();
  private final List<Socket> multi = new ArrayList<>();
  private final ConcurrentLinkedQueue<Socket> accepted = new ConcurrentLinkedQueue<>();
  private final AtomicInteger acceptedCount = new AtomicInteger();
  private final List<Thread> acceptors = new ArrayList<>();
  private boolean sharedClientPort;

  /**
   * Starts the servers and connects the clients; returns when every connection is accepted.
   *
   * @param clients connections to the one server port
   * @param servers servers the multi-server client talks to at once (0 for none)
   */
  public ConnectionsDemo(int clients, int servers) throws IOException, InterruptedException {
    server = listen();
    for (int i = 0; i < servers; i++) {
      others.add(listen());
    }
    CountDownLatch all = new CountDownLatch(clients + servers);
    acceptors.add(acceptor(server, all));
    others.forEach(s -> acceptors.add(acceptor(s, all)));
    for (int i = 0; i < clients; i++) {
      this.clients.add(new Socket(loopback, server.getLocalPort()));
    }
    connectMulti();
    if (!all.await(10, TimeUnit.SECONDS)) {
      close();
      throw new IOException("the servers did not accept every connection within 10 s");
    }
  }

  private ServerSocket listen() throws IOException {
    return new ServerSocket(0, MAX_ACCEPTED, loopback);
  }

  /** One client, one local port, a connection to each other server. */
  private void connectMulti() throws IOException {
    int port = 0;
    sharedClientPort = true;
    for (ServerSocket s : others) {
      Socket c = new Socket();
      c.setReuseAddress(true);
      try {
        c.bind(new InetSocketAddress(loopback, port));
      } catch (IOException e) {
        // this OS refuses one port twice, even with SO_REUSEADDR: an ephemeral port each
        c.close();
        c = new Socket();
        sharedClientPort = false;
      }
      c.connect(s.getLocalSocketAddress());
      port = sharedClientPort ? c.getLocalPort() : 0;
      multi.add(c);
    }
  }

  private Thread acceptor(ServerSocket s, CountDownLatch latch) {
    Thread t =
        new Thread(
            () -> {
              while (!s.isClosed()) {
                try {
                  Socket c = s.accept();
                  if (acceptedCount.incrementAndGet() > MAX_ACCEPTED) {
                    c.close(); // bounded: the lab is a demo, not a server
                    continue;
                  }
                  accepted.add(c);
                  latch.countDown();
                } catch (IOException e) {
                  return; // closed
                }
              }
            },
            "ports-accept-" + s.getLocalPort());
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** The port every client connects to. */
  public int serverPort() {
    return server.getLocalPort();
  }

  /** The ports of the servers the multi-server client talks to. */
  public List<Integer> otherServerPorts() {
    return others.stream().map(ServerSocket::getLocalPort).toList();
  }

  /** The clients' ports, as each socket reports its own. */
  public List<Integer> clientPorts() {
    return clients.stream().map(Socket::getLocalPort).toList();
  }

  /** The multi-server client's ports: one port when it could share it. */
  public List<Integer> multiClientPorts() {
    return multi.stream().map(Socket::getLocalPort).distinct().toList();
  }

  public boolean sharedClientPort() {
    return sharedClientPort && !multi.isEmpty();
  }

  /** What the sockets say of themselves, both ends: the rows where /proc/net cannot be read. */
  public List<Connection> fromSockets() {
    List<Connection> rows = new ArrayList<>();
    for (Socket s : accepted) {
      rows.add(ConnectionTable.fromSocket(local(s), remote(s), "server"));
    }
    for (Socket s : clients) {
      rows.add(ConnectionTable.fromSocket(local(s), remote(s), "client"));
    }
    for (Socket s : multi) {
      rows.add(ConnectionTable.fromSocket(local(s), remote(s), "client"));
    }
    rows.sort(ConnectionTable.ORDER);
    return rows;
  }

  private static InetSocketAddress local(Socket s) {
    return (InetSocketAddress) s.getLocalSocketAddress();
  }

  private static InetSocketAddress remote(Socket s) {
    return (InetSocketAddress) s.getRemoteSocketAddress();
  }

  /**
   * The clients close first, then the servers' ends: the side that closes first waits in TIME_WAIT,
   * so it is the clients' 4-tuples that stay behind.
   */
  public void closeClientsFirst() {
    clients.forEach(ConnectionsDemo::quietly);
    multi.forEach(ConnectionsDemo::quietly);
    accepted.forEach(ConnectionsDemo::quietly);
  }

  @Override
  public void close() {
    closeClientsFirst();
    quietly(server);
    others.forEach(ConnectionsDemo::quietly);
    for (Thread t : acceptors) {
      try {
        t.join(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static void quietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // closing: nothing to do about a failure
    }
  }
}
