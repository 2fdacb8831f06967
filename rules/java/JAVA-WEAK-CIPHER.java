package com.example.crypto;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import org.apache.commons.codec.digest.DigestUtils;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.MessageDigestPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

public class TokenCipher {
    private static final String LEGACY_TRANSFORMATION = "DESede/CBC/PKCS5Padding";
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    public TokenCipher(SecretKey key) {
        this.key = key;
    }

    public byte[] encryptDefault(byte[] plain) throws Exception {
        // ruleid: JAVA-WEAK-CIPHER
        Cipher cipher = Cipher.getInstance("AES");
        cipher.init(Cipher.ENCRYPT_MODE, key);
        return cipher.doFinal(plain);
    }

    public byte[] encryptEcb(byte[] plain) throws Exception {
        // ruleid: JAVA-WEAK-CIPHER
        Cipher cipher = javax.crypto.Cipher.getInstance("AES/ECB/PKCS5Padding", "BC");
        cipher.init(Cipher.ENCRYPT_MODE, key);
        return cipher.doFinal(plain);
    }

    public byte[] encryptDes(byte[] plain, byte[] iv) throws Exception {
        // ruleid: JAVA-WEAK-CIPHER
        Cipher cipher = Cipher.getInstance("DES/CBC/PKCS5Padding");
        cipher.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv));
        return cipher.doFinal(plain);
    }

    public byte[] decryptLegacy(byte[] data, byte[] iv) throws Exception {
        // ruleid: JAVA-WEAK-CIPHER
        Cipher cipher = Cipher.getInstance(LEGACY_TRANSFORMATION);
        cipher.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(iv));
        return cipher.doFinal(data);
    }

    public byte[] stream(byte[] plain) throws Exception {
        // ruleid: JAVA-WEAK-CIPHER
        Cipher rc4 = Cipher.getInstance("RC4");
        rc4.init(Cipher.ENCRYPT_MODE, key);
        // ruleid: JAVA-WEAK-CIPHER
        Cipher blowfish = Cipher.getInstance("blowfish");
        blowfish.init(Cipher.ENCRYPT_MODE, key);
        return blowfish.doFinal(rc4.doFinal(plain));
    }

    public byte[] encryptGcm(byte[] plain) throws Exception {
        byte[] iv = new byte[12];
        random.nextBytes(iv);
        // ok: JAVA-WEAK-CIPHER
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
        return cipher.doFinal(plain);
    }

    public byte[] encryptGcmConstant(byte[] plain, byte[] iv) throws Exception {
        // ok: JAVA-WEAK-CIPHER
        Cipher cipher = Cipher.getInstance(TRANSFORMATION);
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
        return cipher.doFinal(plain);
    }

    public byte[] wrapKey(java.security.PublicKey publicKey) throws Exception {
        // ok: JAVA-WEAK-CIPHER
        Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPWithSHA-256AndMGF1Padding");
        rsa.init(Cipher.WRAP_MODE, publicKey);
        return rsa.wrap(key);
    }
}

class AccountPasswords {
    private final PasswordEncoder encoder = new BCryptPasswordEncoder();

    String storeUnsalted(String password) throws Exception {
        // ruleid: JAVA-WEAK-CIPHER
        MessageDigest md = MessageDigest.getInstance("MD5");
        byte[] hash = md.digest(password.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(hash);
    }

    String hashPassword(String salt, String secret) throws Exception {
        // ruleid: JAVA-WEAK-CIPHER
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        sha1.update(salt.getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(sha1.digest(secret.getBytes(StandardCharsets.UTF_8)));
    }

    boolean legacyCheck(String userPassword, String storedHex) {
        // ruleid: JAVA-WEAK-CIPHER
        return DigestUtils.md5Hex(userPassword).equals(storedHex);
    }

    PasswordEncoder legacyEncoder() {
        // ruleid: JAVA-WEAK-CIPHER
        return new MessageDigestPasswordEncoder("SHA-1");
    }

    String store(String password) {
        // ok: JAVA-WEAK-CIPHER
        return encoder.encode(password);
    }
}

class Checksums {
    String etag(byte[] body) throws Exception {
        // ok: JAVA-WEAK-CIPHER
        MessageDigest md = MessageDigest.getInstance("MD5");
        return "\"" + HexFormat.of().formatHex(md.digest(body)) + "\"";
    }

    String fileFingerprint(InputStream in) throws Exception {
        // ok: JAVA-WEAK-CIPHER
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        byte[] buffer = new byte[8192];
        for (int n; (n = in.read(buffer)) > 0; ) {
            sha1.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(sha1.digest());
    }

    String cacheKey(String url) {
        // ok: JAVA-WEAK-CIPHER
        return DigestUtils.sha1Hex(url);
    }
}
