package dev.realtimehub.gateway;

/**
 * The node-wide draining flag. Once set, the gateway refuses new connections and readiness reports
 * the node as unavailable, so load balancers move clients elsewhere.
 */
public final class Drain {

  private volatile boolean draining;

  public void start() {
    draining = true;
  }

  public boolean draining() {
    return draining;
  }
}
