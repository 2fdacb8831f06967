package com.example.auth;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import javax.servlet.http.HttpSession;
import org.apache.commons.lang3.RandomStringUtils;

public class AccountService {
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private final Random random = new Random();
    private static final SecureRandom SECURE_RANDOM = new SecureRandom();

    public String newResetToken() {
        // ruleid: JAVA-INSECURE-RANDOM
        return Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
    }

    public void sendVerification(User user) {
        // ruleid: JAVA-INSECURE-RANDOM
        int verificationCode = 100000 + new Random().nextInt(900000);
        // ruleid: JAVA-INSECURE-RANDOM
        user.setEmailVerificationCode(ThreadLocalRandom.current().nextInt(100000, 999999));
        mailer.send(user.getEmail(), "Your code: " + verificationCode);
    }

    public void issueApiKey(User user) {
        // ruleid: JAVA-INSECURE-RANDOM
        String apiKey = RandomStringUtils.randomAlphanumeric(40);
        user.setApiKey(apiKey);
    }

    public void login(HttpSession session) {
        // ruleid: JAVA-INSECURE-RANDOM
        session.setAttribute("csrfToken", Double.toString(Math.random()).substring(2));
    }

    String generateTemporaryPassword(int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            // ruleid: JAVA-INSECURE-RANDOM
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    public String newSessionToken() {
        byte[] bytes = new byte[32];
        // ok: JAVA-INSECURE-RANDOM
        SECURE_RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public String newOtp() {
        // ok: JAVA-INSECURE-RANDOM
        return String.format("%06d", SECURE_RANDOM.nextInt(1_000_000));
    }

    public String newRequestId() {
        // ok: JAVA-INSECURE-RANDOM
        String token = UUID.randomUUID().toString();
        return token;
    }

    Duration retryDelay(int attempt) {
        // ok: JAVA-INSECURE-RANDOM
        long jitterMillis = random.nextInt(250);
        return Duration.ofMillis((1L << attempt) * 100 + jitterMillis);
    }

    List<String> pickFeaturedProducts(List<String> products) {
        List<String> copy = new ArrayList<>(products);
        // ok: JAVA-INSECURE-RANDOM
        Collections.shuffle(copy, random);
        return copy.subList(0, Math.min(3, copy.size()));
    }

    double simulateLatency(long seed) {
        Random simulation = new Random(seed);
        // ok: JAVA-INSECURE-RANDOM
        double sample = simulation.nextGaussian() * 20 + 100;
        return sample;
    }

    private Mailer mailer;

    interface Mailer {
        void send(String to, String body);
    }

    interface User {
        String getEmail();
        void setEmailVerificationCode(int code);
        void setApiKey(String key);
    }
}
