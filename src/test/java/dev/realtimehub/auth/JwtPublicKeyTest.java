package dev.realtimehub.auth;

import dev.realtimehub.support.AuthSupport;
import dev.realtimehub.support.TestHub;
import dev.realtimehub.support.TestSocket;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * RS256 and ES256 public keys configured from PEM files (through a {@code HUB_CONFIG} YAML file), next to
 * the HS256 secret: each key verifies only its own algorithm, so a public key can never serve as an HMAC secret.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class JwtPublicKeyTest {

  @TempDir
  Path dir;

  private static KeyPair rsa;
  private static KeyPair ec;
  private static KeyPair unknownRsa;
  private static KeyPair unknownEc;

  private TestHub hub;
  private String rsaPublicPem;
  private String ecPublicPem;

  @BeforeAll
  static void generateKeys() throws GeneralSecurityException {
    rsa = rsaKeyPair();
    ec = ecKeyPair();
    unknownRsa = rsaKeyPair();
    unknownEc = ecKeyPair();
  }

  @BeforeEach
  void start(Vertx vertx) throws IOException {
    rsaPublicPem = AuthSupport.pem("PUBLIC KEY", rsa.getPublic().getEncoded());
    ecPublicPem = AuthSupport.pem("PUBLIC KEY", ec.getPublic().getEncoded());
    Path rsaFile = Files.writeString(dir.resolve("rsa.pem"), rsaPublicPem);
    Path ecFile = Files.writeString(dir.resolve("ec.pem"), ecPublicPem);
    Path config = Files.writeString(dir.resolve("hub.yaml"), "jwt:\n"
      + "  public_keys:\n"
      + "    - algorithm: RS256\n"
      + "      path: " + rsaFile + "\n"
      + "    - algorithm: ES256\n"
      + "      path: " + ecFile + "\n");
    hub = TestHub.start(vertx, Map.of("HUB_CONFIG", config.toString())).await();
  }

  @AfterEach
  void stop() {
    hub.close().await();
  }

  @Test
  void rs256TokenSignedWithTheConfiguredKeyIsAccepted(VertxTestContext ctx) {
    expectWelcome(ctx, sign("RS256", rsa, "rita"), "rita");
  }

  @Test
  void es256TokenSignedWithTheConfiguredKeyIsAccepted(VertxTestContext ctx) {
    expectWelcome(ctx, sign("ES256", ec, "eddie"), "eddie");
  }

  @Test
  void hs256TokenIsStillAcceptedNextToPublicKeys(VertxTestContext ctx) {
    expectWelcome(ctx, hub.token("hank"), "hank");
  }

  @Test
  void rs256TokenSignedWithAnUnknownKeyIsRefused(VertxTestContext ctx) {
    expectUnauthorized(ctx, List.of(sign("RS256", unknownRsa, "u1")));
  }

  @Test
  void es256TokenSignedWithAnUnknownKeyIsRefused(VertxTestContext ctx) {
    expectUnauthorized(ctx, List.of(sign("ES256", unknownEc, "u1")));
  }

  @Test
  void hs256TokenSignedWithAPublicKeyPemAsSecretIsRefused(VertxTestContext ctx) {
    expectUnauthorized(ctx, List.of(hmacSigned(rsaPublicPem), hmacSigned(ecPublicPem)));
  }

  private String sign(String algorithm, KeyPair keys, String sub) {
    JWTAuth signer = JWTAuth.create(hub.vertx(), new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions()
      .setAlgorithm(algorithm)
      .setBuffer(AuthSupport.pem("PRIVATE KEY", keys.getPrivate().getEncoded()))));
    return signer.generateToken(new JsonObject().put("sub", sub),
      new JWTOptions().setAlgorithm(algorithm).setExpiresInSeconds(3600));
  }

  /** The classic algorithm-confusion attack: the public key's PEM text used as an HMAC secret. */
  private String hmacSigned(String secret) {
    JWTAuth signer = JWTAuth.create(hub.vertx(), new JWTAuthOptions()
      .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret)));
    return signer.generateToken(new JsonObject().put("sub", "mallory"),
      new JWTOptions().setAlgorithm("HS256").setExpiresInSeconds(3600));
  }

  private static KeyPair rsaKeyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    return generator.generateKeyPair();
  }

  private static KeyPair ecKeyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  private void expectWelcome(VertxTestContext ctx, String token, String user) {
    hub.connect(token)
      .compose(TestSocket::next)
      .onComplete(ctx.succeeding(welcome -> ctx.verify(() -> {
        assertEquals("welcome", welcome.getString("type"));
        assertEquals(user, welcome.getString("user"));
        ctx.completeNow();
      })));
  }

  private void expectUnauthorized(VertxTestContext ctx, List<String> tokens) {
    Future.all(tokens.stream().map(token -> AuthSupport.rejectedBothWays(hub, token)).toList())
      .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
        for (int i = 0; i < tokens.size(); i++) {
          String token = tokens.get(i);
          all.<List<UpgradeRejectedException>>resultAt(i)
            .forEach(refusal -> AuthSupport.assertUnauthorized(refusal, token));
        }
        ctx.completeNow();
      })));
  }
}
