/**
 * The hub's own Pusher auth endpoints ({@code /pusher/auth}, {@code /pusher/user-auth}): a JWT proves the user, the
 * channel type's subscribe rules decide as for a native subscription, and only then does the hub sign with the
 * app's secret, building presence and user data from the token, never from the request.
 */
package dev.realtimehub.pusher.auth;
