package io.grantgate.tls;

import java.math.BigInteger;
import java.security.interfaces.XECPrivateKey;
import java.security.interfaces.XECPublicKey;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * X25519 keys of {@link TlsCryptoProvider}: the 32 bytes of RFC 7748, little-endian, as the JDK's
 * XEC key interfaces present them, so that the JDK's TLS reads them as it reads its own.
 */
final class X25519Key {

    /** Bytes of a key: a u-coordinate or a scalar (RFC 7748, section 5). */
    static final int SIZE = 32;

    private static final String ALGORITHM = "XDH";
    /** DER of SubjectPublicKeyInfo up to the key bytes: algorithm id-X25519 (1.3.101.110), then a BIT STRING. */
    private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b656e032100");
    /** DER of a PKCS #8 PrivateKeyInfo (version 0, id-X25519) up to the key's OCTET STRING in an OCTET STRING. */
    private static final byte[] PKCS8_PREFIX = HexFormat.of().parseHex("302e020100300506032b656e04220420");
    /** RFC 7748: the u-coordinate's top bit is masked off on decoding. */
    private static final int TOP_BIT_MASK = 0x7F;

    private X25519Key() {}

    /** Whether {@code params} name X25519 (as opposed to X448, which this provider leaves to the JDK). */
    static boolean isX25519(AlgorithmParameterSpec params) {
        return params instanceof NamedParameterSpec named && named.getName().equalsIgnoreCase("X25519");
    }

    static byte[] withPrefix(byte[] prefix, byte[] key) {
        byte[] encoded = Arrays.copyOf(prefix, prefix.length + key.length);
        System.arraycopy(key, 0, encoded, prefix.length, key.length);
        return encoded;
    }

    /** A public key: the u-coordinate, little-endian. */
    record Public(byte[] u) implements XECPublicKey {

        /** From the u-coordinate as a number, as {@code XECPublicKeySpec} carries it. */
        static Public of(BigInteger u) {
            byte[] bigEndian = u.mod(BigInteger.TWO.pow(8 * SIZE)).toByteArray();
            byte[] littleEndian = new byte[SIZE];
            for (int i = 0; i < Math.min(SIZE, bigEndian.length); i++) {
                littleEndian[i] = bigEndian[bigEndian.length - 1 - i];
            }
            return new Public(littleEndian);
        }

        @Override
        public BigInteger getU() {
            byte[] bigEndian = new byte[SIZE];
            for (int i = 0; i < SIZE; i++) {
                bigEndian[i] = u[SIZE - 1 - i];
            }
            bigEndian[0] &= (byte) TOP_BIT_MASK;
            return new BigInteger(1, bigEndian);
        }

        @Override
        public AlgorithmParameterSpec getParams() {
            return NamedParameterSpec.X25519;
        }

        @Override
        public String getAlgorithm() {
            return ALGORITHM;
        }

        @Override
        public String getFormat() {
            return "X.509";
        }

        @Override
        public byte[] getEncoded() {
            return withPrefix(X509_PREFIX, u);
        }
    }

    /** A private key: the scalar, as generated (clamped when used). */
    record Private(byte[] scalar) implements XECPrivateKey {

        @Override
        public Optional<byte[]> getScalar() {
            return Optional.of(scalar.clone());
        }

        @Override
        public AlgorithmParameterSpec getParams() {
            return NamedParameterSpec.X25519;
        }

        @Override
        public String getAlgorithm() {
            return ALGORITHM;
        }

        @Override
        public String getFormat() {
            return "PKCS#8";
        }

        @Override
        public byte[] getEncoded() {
            return withPrefix(PKCS8_PREFIX, scalar);
        }

        /** Never printed: a record's default toString would show the scalar. */
        @Override
        public String toString() {
            return "X25519 private key";
        }
    }
}
