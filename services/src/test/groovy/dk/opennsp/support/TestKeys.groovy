package dk.opennsp.support

import com.nimbusds.jose.JOSEObjectType
import com.nimbusds.jose.JWSAlgorithm
import com.nimbusds.jose.JWSHeader
import com.nimbusds.jose.JWSSigner
import com.nimbusds.jose.crypto.ECDSASigner
import com.nimbusds.jose.crypto.MACSigner
import com.nimbusds.jose.crypto.RSASSASigner
import com.nimbusds.jose.jwk.Curve
import com.nimbusds.jose.jwk.ECKey
import com.nimbusds.jose.jwk.JWKSet
import com.nimbusds.jose.jwk.RSAKey
import com.nimbusds.jose.jwk.gen.ECKeyGenerator
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator
import com.nimbusds.jose.util.Base64URL
import com.nimbusds.jwt.JWTClaimsSet
import com.nimbusds.jwt.SignedJWT

import java.nio.charset.StandardCharsets
import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration
import java.time.Instant

/** Test material only: keys generated per test run, and tokens built the way attackers and real issuers would. */
class TestKeys {
    static final String ISSUER = 'https://idp.test.opennsp.dk'
    static final String AUDIENCE = 'opennsp-test'

    static final RSAKey RSA = new RSAKeyGenerator(2048).keyID('test-rsa').generate()
    static final ECKey EC = new ECKeyGenerator(Curve.P_256).keyID('test-ec').generate()
    static final RSAKey UNTRUSTED = new RSAKeyGenerator(2048).keyID('test-rsa').generate()

    static Path writeJwks(Path dir) {
        Path file = dir.resolve('trusted-jwks.json')
        Files.writeString(file, new JWKSet([RSA.toPublicJWK(), EC.toPublicJWK()]).toString())
        file
    }

    static Map<String, Object> professional(Map<String, Object> extra = [:]) {
        [user_type: 'professional', cpr: '0101701111', given_name: 'Test', family_name: 'Doctor',
         authorization_code: 'T0001', education_code: '7170', org_id: '100111000016009', org_id_type: 'sor',
         org_name: 'Test Department', it_system: 'Test EPJ', assurance_level: 'high'] + extra
    }

    static Map<String, Object> citizen(String cpr, Map<String, Object> extra = [:]) {
        [user_type: 'citizen', cpr: cpr, given_name: 'Test', family_name: 'Citizen', assurance_level: 'substantial'] + extra
    }

    static Map<String, Object> system(Map<String, Object> extra = [:]) {
        [user_type: 'system', org_id: '123456789012399', org_id_type: 'sor', org_name: 'Test Hospital',
         it_system: 'Test Sender', assurance_level: 'substantial'] + extra
    }

    /** A token from the trusted issuer; options override the standard claims (null removes one). */
    static String token(Map<String, Object> claims, Map options = [:]) {
        Instant now = Instant.now()
        Map<String, Object> standard = [iss: ISSUER, aud: AUDIENCE, sub: 'test-subject',
                                        iat: now.epochSecond, exp: now.plus(Duration.ofMinutes(10)).epochSecond,
                                        jti: UUID.randomUUID().toString()]
        standard.putAll(options.findAll { it.key in standard.keySet() || it.key == 'nbf' })
        Map<String, Object> all = standard + claims
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder()
        all.each { k, v ->
            if (v == null) return
            if (k in ['iat', 'exp', 'nbf']) builder.claim(k, ((Number) v).longValue())
            else builder.claim(k, v)
        }
        String alg = options.alg ?: 'RS256'
        JWSSigner signer
        switch (alg) {
            case 'RS256': signer = new RSASSASigner(options.key ?: RSA); break
            case 'ES256': signer = new ECDSASigner(EC); break
            case 'HS256':
                // the classic confusion attack: HMAC keyed with the issuer's PUBLIC key
                signer = new MACSigner(RSA.toPublicJWK().toRSAPublicKey().encoded); break
            default: throw new IllegalArgumentException(alg)
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.parse(alg)).keyID(alg == 'ES256' ? 'test-ec' : 'test-rsa')
                .type(JOSEObjectType.JWT).build(), builder.build())
        jwt.sign(signer)
        jwt.serialize()
    }

    /** An unsigned token: header alg none, empty signature. */
    static String unsigned(Map<String, Object> claims) {
        Instant now = Instant.now()
        Map all = [iss: ISSUER, aud: AUDIENCE, sub: 'x', iat: now.epochSecond, exp: now.epochSecond + 600] + claims
        String header = Base64URL.encode('{"alg":"none","typ":"JWT"}'.getBytes(StandardCharsets.UTF_8)).toString()
        String body = Base64URL.encode(groovy.json.JsonOutput.toJson(all).getBytes(StandardCharsets.UTF_8)).toString()
        "${header}.${body}."
    }
}
