// User authentication through the hub's /pusher/user-auth: pusher-js signs in, receives what the server SDK sends
// to its user, and loses its connection when the SDK terminates the user's connections; another user is untouched.
import { client, connected, frame, hub, next, report, run, server } from './lib.mjs';

async function signedIn(pusher) {
  const userChannel = frame(pusher, (message) => message.event === 'pusher_internal:subscription_succeeded'
    && String(message.channel).startsWith('#server-to-user-'), 'subscription to the user channel');
  pusher.signin();
  await pusher.user.signinDonePromise;
  const subscribed = await userChannel;
  return { userData: pusher.user.user_data, channel: subscribed.channel };
}

run(async () => {
  const sdk = server();
  const alice = client('alice');
  const bob = client('bob');
  await Promise.all([connected(alice), connected(bob)]);
  report('alice-signed-in', await signedIn(alice));
  report('bob-signed-in', await signedIn(bob));

  const notice = next(alice.user, 'notice');
  await sdk.sendToUser(hub.users.alice, 'notice', { text: 'for alice' });
  const [data] = await notice;
  report('alice-received', { data });

  const states = [];
  alice.connection.bind('state_change', ({ current }) => states.push(current));
  const errors = [];
  alice.connection.bind('error', (error) => errors.push(error));
  const left = next(alice.connection, 'state_change', 'alice leaving the connected state');
  await sdk.terminateUserConnections(hub.users.alice);
  await left;
  report('alice-terminated', { states, errors });

  const bobNotice = next(bob.user, 'notice');
  await sdk.sendToUser(hub.users.bob, 'notice', { text: 'for bob' });
  const [bobData] = await bobNotice;
  report('bob-still-connected', { state: bob.connection.state, data: bobData });
});
