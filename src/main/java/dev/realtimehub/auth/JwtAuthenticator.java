package dev.realtimehub.auth;

import dev.realtimehub.config.HubConfig;
import dev.realtimehub.error.HubException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

import java.util.List;
import java.util.Map;

/**
 * Verifies bearer tokens with vertx-auth-jwt. Every configured key is bound to its algorithm, so a token
 * cannot pick how it is checked; tokens without a signature, without {@code exp} or without {@code sub}
 * are refused; {@code nbf}, {@code iat}, issuer and audience are checked with the configured leeway.
 * Thread-safe.
 */
public final class JwtAuthenticator {

  private final JWTAuth jwt;
  private final HubConfig.Jwt cfg;

  private JwtAuthenticator(JWTAuth jwt, HubConfig.Jwt cfg) {
    this.jwt = jwt;
    this.cfg = cfg;
  }

  /**
   * Creates the authenticator from the HS256 secret and the public keys (PEM text by algorithm).
   * Refuses to build one without any key: vertx-auth would then accept unsigned tokens.
   */
  public static JwtAuthenticator create(Vertx vertx, HubConfig.Jwt cfg, String secret,
                                        List<Map.Entry<String, String>> publicKeys) {
    JWTAuthOptions options = new JWTAuthOptions().setJWTOptions(jwtOptions(cfg));
    if (!secret.isEmpty()) {
      options.addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret));
    }
    publicKeys.forEach(key -> options.addPubSecKey(new PubSecKeyOptions()
      .setAlgorithm(key.getKey())
      .setBuffer(Buffer.buffer(key.getValue()))));
    if (options.getPubSecKeys().isEmpty()) {
      throw new IllegalStateException("no JWT verification key");
    }
    return new JwtAuthenticator(JWTAuth.create(vertx, options), cfg);
  }

  private static JWTOptions jwtOptions(HubConfig.Jwt cfg) {
    JWTOptions options = new JWTOptions().setLeeway(cfg.leewaySeconds());
    if (!cfg.issuer().isEmpty()) {
      options.setIssuer(cfg.issuer());
    }
    if (!cfg.audience().isEmpty()) {
      options.setAudience(cfg.audience());
    }
    return options;
  }

  /** Verifies a token; fails with an {@code UNAUTHORIZED} hub error that never repeats the token. */
  public Future<HubPrincipal> authenticate(String token) {
    if (token.length() > cfg.maxTokenBytes()) {
      return Future.failedFuture(HubException.unauthorized("token is larger than " + cfg.maxTokenBytes() + " bytes"));
    }
    if (token.chars().filter(c -> c == '.').count() != 2 || token.endsWith(".")) {
      return Future.failedFuture(HubException.unauthorized("token is not a signed JWT"));
    }
    return jwt.authenticate(new TokenCredentials(token))
      .recover(failure -> Future.failedFuture(HubException.unauthorized("invalid token: " + safe(failure))))
      .compose(user -> principal(user.attributes().getJsonObject("accessToken", new JsonObject())));
  }

  /** vertx-auth keeps the verified claims in the user's {@code accessToken} attribute. */
  private static Future<HubPrincipal> principal(JsonObject claims) {
    if (!(claims.getValue("exp") instanceof Number)) {
      return Future.failedFuture(HubException.unauthorized("token has no exp claim"));
    }
    Object sub = claims.getValue("sub");
    if (!(sub instanceof String text) || text.isEmpty() || text.length() > 128) {
      return Future.failedFuture(HubException.unauthorized("token has no valid sub claim"));
    }
    return Future.succeededFuture(HubPrincipal.fromClaims(claims));
  }

  /** Failure messages from vertx-auth name the reason (expired, bad signature) and never echo the token. */
  private static String safe(Throwable failure) {
    String message = failure.getMessage() == null ? "rejected" : failure.getMessage();
    return message.length() > 100 ? message.substring(0, 100) : message;
  }

  /** Issues an HS256 token with the configured issuer and audience (the embedded mode's dev token). */
  public String issue(JsonObject claims, int expiresInSeconds) {
    return jwt.generateToken(claims, jwtOptions(cfg).setAlgorithm("HS256").setExpiresInSeconds(expiresInSeconds));
  }
}
