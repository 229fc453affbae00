// Shared by the scenarios: the hub's address and app from HUB_COMPAT, the two Pusher libraries configured for it,
// bounded waits, and the JSON-lines report the Java test reads (one object per line, each with a "step").
import PusherClient from 'pusher-js';
import PusherServer from 'pusher';

/**
 * {host, port, ports, appId, key, secret, team, conversation, tokens: {name: jwt}, users: {name: userId}} from the
 * Java test; `ports` lists every node of a cluster, `port` is the first.
 */
export const hub = JSON.parse(process.env.HUB_COMPAT);

const WAIT_MS = Number(process.env.HUB_COMPAT_WAIT_MS || 5000);
/** Each client with what its connection went through (states and errors), for the report when a wait runs out. */
const clients = new Map();

/** A bounded wait that ran out: reported without a stack, which would only point into this file. */
class TimedOut extends Error {}

/** Writes one observation for the Java test. */
export function report(step, fields = {}) {
  process.stdout.write(JSON.stringify({ step, ...fields }) + '\n');
}

/**
 * A pusher-js client as an app would configure it for a self-hosted server; `user` picks the JWT sent to the hub,
 * `port` the node it connects to.
 */
export function client(user, options = {}, port = hub.port) {
  const headers = user ? { Authorization: `Bearer ${hub.tokens[user]}` } : {};
  const base = `http://${hub.host}:${port}`;
  const pusher = new PusherClient(hub.key, {
    cluster: 'mt1',
    wsHost: hub.host,
    wsPort: port,
    forceTLS: false,
    enabledTransports: ['ws'],
    disableStats: true,
    channelAuthorization: { endpoint: `${base}/pusher/auth`, transport: 'ajax', headers },
    userAuthentication: { endpoint: `${base}/pusher/user-auth`, transport: 'ajax', headers },
    ...options,
  });
  const history = [pusher.connection.state];
  pusher.connection.bind('state_change', ({ current }) => history.push(current));
  pusher.connection.bind('error', (error) => history.push({ error }));
  clients.set(pusher, history);
  return pusher;
}

/** The server SDK pointed at the hub (node `port`); `options` adds to or overrides its settings. */
export function server(options = {}, port = hub.port) {
  return new PusherServer({
    appId: hub.appId, key: hub.key, secret: hub.secret,
    host: hub.host, port: String(port), useTLS: false, timeout: WAIT_MS,
    ...options,
  });
}

/**
 * Resolves with the arguments of the next `event` on `target` (a pusher-js channel, connection or user), failing
 * after the wait. Call it before the action that causes the event.
 */
export function next(target, event, label = event) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      target.unbind(event, handler);
      reject(new TimedOut(`no ${label} within ${WAIT_MS} ms`));
    }, WAIT_MS);
    function handler(...args) {
      clearTimeout(timer);
      target.unbind(event, handler);
      resolve(args);
    }
    target.bind(event, handler);
  });
}

/** Resolves with the first raw frame from the hub on `pusher`'s connection that matches `test`. */
export function frame(pusher, test, label) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      pusher.connection.unbind('message', handler);
      reject(new TimedOut(`no ${label} within ${WAIT_MS} ms`));
    }, WAIT_MS);
    function handler(message) {
      if (test(message)) {
        clearTimeout(timer);
        pusher.connection.unbind('message', handler);
        resolve(message);
      }
    }
    pusher.connection.bind('message', handler);
  });
}

/** Resolves with the socket id once `pusher` is connected. */
export async function connected(pusher) {
  if (pusher.connection.state !== 'connected') {
    await next(pusher.connection, 'connected', 'connection');
  }
  return pusher.connection.socket_id;
}

/** Subscribes and resolves with the channel and what pusher:subscription_succeeded carried (presence members). */
export async function subscribed(pusher, name) {
  const channel = pusher.subscribe(name);
  const failed = next(channel, 'pusher:subscription_error', `subscription error on ${name}`)
    .then(([error]) => Promise.reject(new Error(`subscription to ${name} refused: ${JSON.stringify(error)}`)));
  failed.catch(() => {});
  const [members] = await Promise.race([next(channel, 'pusher:subscription_succeeded', `subscription to ${name}`),
    failed]);
  return { channel, members };
}

/** Records every event `pusher` receives on its channels, in arrival order, for "received nothing else" checks. */
export function recordAll(pusher) {
  const seen = [];
  pusher.bind_global((event, data) => {
    if (!event.startsWith('pusher')) {
      seen.push({ event, data });
    }
  });
  return seen;
}

/** A name no other scenario uses, so runs against one hub never see each other's channels. */
export function unique(base) {
  return `${base}${Math.random().toString(36).slice(2, 8)}`;
}

/** Runs a scenario: reports "done" and exits 0, or reports "error" and exits 1. Always disconnects the clients. */
export function run(scenario) {
  scenario()
    .then(() => {
      report('done');
      finish(0);
    }, (error) => {
      report('error', {
        message: error instanceof TimedOut || error?.status ? error.message : String(error?.stack || error),
        // the server SDK's RequestError: the hub's answer
        status: error?.status, body: error?.body,
        connections: [...clients.values()],
      });
      finish(1);
    });
}

function finish(code) {
  clients.forEach((history, pusher) => pusher.disconnect());
  // pusher-js keeps timers running after disconnect; the report is complete, so leave now.
  process.exitCode = code;
  setImmediate(() => process.exit(code));
}
