// An app that keeps its own auth endpoint, signing with the server SDK (authorizeChannel, authenticateUser) as it
// does for hosted Pusher: the hub accepts the SDK's signatures for private, presence and encrypted channels and for
// sign-in, and an encrypted event triggered by the SDK reaches pusher-js decryptable.
import { randomBytes } from 'node:crypto';
import { client, connected, hub, next, report, run, server, subscribed } from './lib.mjs';

run(async () => {
  const sdk = server({ encryptionMasterKeyBase64: randomBytes(32).toString('base64') });
  const carol = { user_id: 'carol', user_info: { name: 'Carol' } };
  // What an app's own endpoint answers, minus the HTTP round trip.
  const pusher = client(null, {
    channelAuthorization: {
      customHandler: ({ socketId, channelName }, callback) => callback(null,
        sdk.authorizeChannel(socketId, channelName, channelName.startsWith('presence-') ? carol : undefined)),
    },
    userAuthentication: {
      customHandler: ({ socketId }, callback) => callback(null, sdk.authenticateUser(socketId, { id: 'carol' })),
    },
  });
  await connected(pusher);

  const { channel: privateChannel } = await subscribed(pusher, 'private-orders.carol');
  report('private', { subscribed: privateChannel.subscribed });
  const { members } = await subscribed(pusher, `presence-team.${hub.team}`);
  report('presence', { me: members.me, count: members.count });

  const secret = 'private-encrypted-learning.carol';
  const { channel: encrypted } = await subscribed(pusher, secret);
  const received = next(encrypted, 'sealed');
  await sdk.trigger(secret, 'sealed', { text: 'only for carol' });
  const [data] = await received;
  report('encrypted', { data });

  pusher.signin();
  await pusher.user.signinDonePromise;
  report('signed-in', { userData: pusher.user.user_data });
});
