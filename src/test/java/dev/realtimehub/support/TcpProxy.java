package dev.realtimehub.support;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder on a loopback port, to cut a hub off from a server (PostgreSQL) without touching the server
 * shared with other builds: {@link #stop()} closes the listener and every forwarded connection, {@link #start()}
 * listens again on the same port.
 */
public final class TcpProxy {

  private final Vertx vertx;
  private final int port;
  private final String targetHost;
  private final int targetPort;
  private final NetClient client;
  private final Set<NetSocket> open = ConcurrentHashMap.newKeySet();
  private NetServer server;

  public TcpProxy(Vertx vertx, String targetHost, int targetPort) {
    this.vertx = vertx;
    this.port = TestHub.freePort();
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.client = vertx.createNetClient();
  }

  public int port() {
    return port;
  }

  public Future<Void> start() {
    server = vertx.createNetServer().connectHandler(this::forward);
    return server.listen(port, "127.0.0.1").mapEmpty();
  }

  /** Stops listening and cuts every forwarded connection, as a server that went away would. */
  public Future<Void> stop() {
    open.forEach(NetSocket::close);
    open.clear();
    return server.close();
  }

  private void forward(NetSocket inbound) {
    inbound.pause();
    open.add(inbound);
    client.connect(targetPort, targetHost)
      .onSuccess(outbound -> {
        open.add(outbound);
        inbound.pipeTo(outbound);
        outbound.pipeTo(inbound);
      })
      .onFailure(e -> inbound.close());
  }
}
