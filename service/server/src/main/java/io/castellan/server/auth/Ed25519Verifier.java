package io.castellan.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.proc.JWSVerifierFactory;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.PublicKey;
import java.security.Signature;
import java.util.HashSet;
import java.util.Set;

/**
 * EdDSA (Ed25519) signatures checked with the JDK's own implementation: nimbus-jose-jwt's needs
 * Google Tink, a large dependency for one algorithm the JDK has had since Java 15.
 */
final class Ed25519Verifier implements JWSVerifier {

  private final PublicKey key;
  private final JCAContext jca = new JCAContext();

  Ed25519Verifier(PublicKey key) {
    this.key = key;
  }

  @Override
  public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature)
      throws JOSEException {
    try {
      Signature verifier = Signature.getInstance("Ed25519");
      verifier.initVerify(key);
      verifier.update(signingInput);
      return verifier.verify(signature.decode());
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  @Override
  public Set<JWSAlgorithm> supportedJWSAlgorithms() {
    return Set.of(JWSAlgorithm.EdDSA);
  }

  @Override
  public JCAContext getJCAContext() {
    return jca;
  }

  /** nimbus's verifiers for RSA and EC keys, this one for Ed25519. */
  static final class Factory implements JWSVerifierFactory {
    private final DefaultJWSVerifierFactory defaults = new DefaultJWSVerifierFactory();

    @Override
    public JWSVerifier createJWSVerifier(JWSHeader header, Key key) throws JOSEException {
      if (JWSAlgorithm.EdDSA.equals(header.getAlgorithm()) && key instanceof PublicKey publicKey) {
        return new Ed25519Verifier(publicKey);
      }
      return defaults.createJWSVerifier(header, key);
    }

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
      Set<JWSAlgorithm> algorithms = new HashSet<>(defaults.supportedJWSAlgorithms());
      algorithms.add(JWSAlgorithm.EdDSA);
      return algorithms;
    }

    @Override
    public JCAContext getJCAContext() {
      return defaults.getJCAContext();
    }
  }
}
