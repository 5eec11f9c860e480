package io.castellan.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import io.castellan.protocol.Scope;
import io.castellan.server.organization.Caller;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Which credentials authenticate whom, with keys the test generates. */
class AuthenticatorTest {

  private static final TestKeys.SigningKey RSA = TestKeys.rsa("rsa-1");
  private static final TestKeys.SigningKey EC = TestKeys.ec("ec-1");
  private static final TestKeys.SigningKey ED = TestKeys.ed25519("ed-1");
  private static final String OPERATOR_KEY = "operator-secret-0123456789";

  private final Authenticator authenticator = authenticator(List.of(RSA, EC, ED));

  private static Authenticator authenticator(List<TestKeys.SigningKey> keys) {
    return authenticator(keys, Duration.ofSeconds(30));
  }

  private static Authenticator authenticator(List<TestKeys.SigningKey> keys, Duration skew) {
    AuthSettings.Jwt jwt =
        new AuthSettings.Jwt(
            "",
            keys.stream().map(TestKeys.SigningKey::publicPem).toList(),
            TestKeys.ISSUER,
            List.of(TestKeys.AUDIENCE),
            "sub",
            "groups",
            skew);
    AuthSettings settings =
        new AuthSettings(
            true,
            OPERATOR_KEY,
            8192,
            100,
            jwt,
            new AuthSettings.Hook("", Duration.ofSeconds(1), Duration.ZERO, Duration.ZERO),
            Map.of(),
            new AuthSettings.FailedAttempts(10, Duration.ofMinutes(1), Duration.ZERO));
    return new Authenticator(
        settings,
        new JwtVerifier(JwkSources.of(jwt), jwt),
        null,
        new RateLimiter(Map.of()),
        Clock.systemUTC());
  }

  private Caller authenticate(String header) {
    try {
      return authenticator
          .authenticate(Optional.ofNullable(header))
          .toCompletableFuture()
          .join()
          .caller();
    } catch (CompletionException e) {
      throw (RuntimeException) e.getCause();
    }
  }

  @Test
  void theOperatorKeyAuthenticatesTheOperator() {
    assertEquals(Caller.OPERATOR, authenticate("Bearer " + OPERATOR_KEY));
    assertEquals(Caller.OPERATOR, authenticate("bearer " + OPERATOR_KEY));
  }

  @Test
  void anApiKeyNamesItsOrganizationAndKeyAndCarriesOnlyTheHashOfItsSecret() {
    Caller caller = authenticate("Bearer " + ApiKeys.format("acme", "k1", "s3cret"));
    assertEquals(Caller.key("acme", "k1", ApiKeys.hash("s3cret")), caller);
  }

  @Test
  void tokensSignedWithRs256Es256OrEdDsaAuthenticateTheirSubjectWithItsGroups() {
    for (TestKeys.SigningKey key : List.of(RSA, EC, ED)) {
      Caller caller =
          authenticate("Bearer " + key.sign(TestKeys.claims("alice", List.of("/eng")).build()));
      assertEquals(Caller.user("alice", Set.of("eng")), caller, key.kid());
    }
  }

  @Test
  void aTokenAcceptedOnceIsRefusedOnceItHasExpired() throws InterruptedException {
    Authenticator noSkew = authenticator(List.of(RSA), Duration.ZERO);
    Optional<String> header =
        Optional.of(
            "Bearer "
                + RSA.sign(
                    TestKeys.claims("alice", List.of())
                        .expirationTime(Date.from(Instant.now().plusMillis(1500)))
                        .build()));
    assertEquals("alice", noSkew.authenticate(header).toCompletableFuture().join().caller().id());
    Thread.sleep(2_000); // past the token's expiry: the remembered acceptance no longer counts
    assertThrows(
        CompletionException.class, () -> noSkew.authenticate(header).toCompletableFuture().join());
  }

  @Test
  void aMissingCredentialIsRefused() {
    AuthenticationFailed failure =
        assertThrows(AuthenticationFailed.class, () -> authenticate(null));
    assertEquals("no credential", failure.detail());
  }

  @Test
  void badCredentialsAreRefusedAlikeWhateverFailed() {
    JWTClaimsSet valid = TestKeys.claims("alice", List.of()).build();
    Instant past = Instant.now().minusSeconds(3600);
    List<String> bad =
        List.of(
            "Basic " + OPERATOR_KEY,
            "Bearer wrong-operator-key",
            "Bearer ck.not-a-key",
            "Bearer "
                + RSA.sign(
                    TestKeys.claims("alice", List.of()).expirationTime(Date.from(past)).build()),
            "Bearer " + RSA.sign(TestKeys.claims("alice", List.of()).audience("other").build()),
            "Bearer "
                + RSA.sign(TestKeys.claims("alice", List.of()).issuer("https://evil").build()),
            "Bearer "
                + RSA.sign(
                    TestKeys.claims("alice", List.of())
                        .notBeforeTime(Date.from(Instant.now().plusSeconds(3600)))
                        .build()),
            "Bearer " + TestKeys.rsa("rsa-1").sign(valid), // same key id, another key
            "Bearer " + TestKeys.rsa("unknown").sign(valid),
            "Bearer " + TestKeys.unsigned(valid),
            "Bearer " + TestKeys.hmacWithPublicKey(RSA, valid),
            "Bearer " + tampered(RSA.sign(valid)),
            "Bearer " + "x".repeat(9000));
    for (String header : bad) {
      AuthenticationFailed failure =
          assertThrows(AuthenticationFailed.class, () -> authenticate(header), header);
      assertEquals("the credential is not accepted", failure.getMessage(), header);
    }
  }

  /** The token with its payload changed and its signature kept. */
  private static String tampered(String token) {
    String[] parts = token.split("\\.");
    String payload =
        Base64URL.encode(TestKeys.claims("mallory", List.of()).build().toString()).toString();
    return parts[0] + "." + payload + "." + parts[2];
  }

  @Test
  void withAuthenticationOffEveryoneIsAnonymous() {
    AuthSettings off =
        new AuthSettings(
            false,
            "",
            8192,
            1,
            new AuthSettings.Jwt("", List.of(), "", List.of(), "sub", "groups", Duration.ZERO),
            new AuthSettings.Hook("", Duration.ofSeconds(1), Duration.ZERO, Duration.ZERO),
            Map.of(Scope.READ, new AuthSettings.RateLimit(1, 1)),
            new AuthSettings.FailedAttempts(10, Duration.ofMinutes(1), Duration.ZERO));
    Authenticator anyone =
        new Authenticator(off, null, null, new RateLimiter(Map.of()), Clock.systemUTC());
    assertEquals(
        Caller.ANONYMOUS,
        anyone.authenticate(Optional.empty()).toCompletableFuture().join().caller());
  }
}
